import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import request from 'supertest';
import type { Database, Employee, Opd, StaffRole } from '../../src/db/database';
import { previewImport as previewAbsenceImport } from '../../src/features/absences/absences.import';
import { databaseFileStore } from '../../src/features/files/file-store';
import { previewImport as previewEmployeeImport } from '../../src/features/imports/imports.service';
import { createToken } from '../../src/features/tokens/tokens.service';
import type { CurrentUser } from '../../src/http/types';
import { makeToken } from './api-tokens';
import { csrfOf, signIn, type Agent } from './app';
import { fixNow } from './clock';
import { makeAbsence, makeEmployee, makeEmployeeAccount, makeHoliday, makeOpd, makeSession, makeUser } from './factories';

/*
 * One small Pemda for the hardening suites (route matrix, bad-input sweep): unit A with people,
 * this week's session as a draft, last week's submitted and locked with a TK (so a flag), its
 * photo and a pending correction, a planned absence; unit B; one signed-in agent and one API
 * token per actor; and the rows the routes with an :id need, one per actor where a route uses
 * its row up (delete, commit).
 */
export const ACTORS = ['anon', 'opdA', 'opdB', 'sekda', 'hr', 'admin', 'pegawaiA'] as const;
export type Actor = (typeof ACTORS)[number];
/** The staff actors, each with an account and an API token (an employee's account has no token). */
export const SIGNED_IN = ['opdA', 'opdB', 'sekda', 'hr', 'admin'] as const;
export type SignedIn = (typeof SIGNED_IN)[number];

/** Monday 23 Nov 2026, 10:00 WIB: this week's session is open, last week's is locked. */
export const NOW = '2026-11-23T03:00:00Z';
export const THIS_MONDAY = '2026-11-23';
export const LAST_MONDAY = '2026-11-16';
export const YEAR = 2026;
export const MONTH = '2026-11';

const T0 = '2026-11-01T00:00:00.000Z';

export type CsrfAgent = Agent & { csrf: string };

export interface World {
  app: Express;
  db: Kysely<Database>;
  unitA: Opd;
  unitB: Opd;
  /** People of unit A: [0] has a TK last week (a flag), [1] a planned absence, [2] is plain and has an employee account (pegawaiA). */
  peopleA: Employee[];
  personB: Employee;
  users: Record<SignedIn, { id: number; username: string }>;
  agents: Record<Actor, CsrfAgent>;
  tokens: Record<SignedIn, string>;
  /** A user and a token that only the admin routes act on. */
  victimUserId: number;
  victimTokenId: number;
  lastSessionId: number;
  draftSessionId: number;
  correctionId: number;
  absenceId: number;
  /** A pending request of peopleA[2] (pegawaiA) with a PDF letter. */
  requestId: number;
  holidayEditId: number;
  /** An apel gabungan on Wednesday 18 November that expects unit A only. */
  eventId: number;
  /** An integrity pact open this month, nobody signed. */
  pactId: number;
  /** Deleted by the route under test: one per actor that may delete. */
  holidayIds: Partial<Record<Actor, number>>;
  employeeImportIds: Partial<Record<Actor, number>>;
  absenceImportIds: Partial<Record<Actor, number>>;
  notificationIds: Partial<Record<Actor, number>>;
}

/**
 * A DATA_DIR of its own for the test file (removed after it), so nothing the app writes there
 * (a backup, the development secret) lands in the repository. Call it inside the describe, like useTestApp.
 */
export function useDataDir(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ikrar-${tag}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function insertEvent(db: Kysely<Database>, opdId: number, by: number) {
  const row = { kind: 'apel_gabungan', title: 'Apel gabungan', date: '2026-11-18', start_time: '07:30', place: 'Alun-alun', mode: 'gabungan', all_units: 0, check_in: 1, created_by: by, created_at: T0, updated_at: T0 };
  const { id } = await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('event_units').values({ event_id: id, opd_id: opdId }).execute();
  return id;
}

async function insertHoliday(db: Kysely<Database>, date: string, name: string) {
  return (await makeHoliday(db, date, { name, kind: 'libur_daerah' })).id;
}

async function insertPact(db: Kysely<Database>, adminId: number) {
  const row = { title: 'Pakta Integritas Netralitas', body: 'Saya menjaga netralitas.', valid_from: '2026-11-01', valid_to: '2026-12-31', closed_at: null, created_by: adminId, created_at: T0, updated_at: T0 };
  return (await db.insertInto('pacts').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

async function insertNotification(db: Kysely<Database>, userId: number) {
  const row = await db
    .insertInto('notifications')
    .values({ user_id: userId, kind: 'reminder', title: 'Pengingat', body: 'Isi daftar hadir', link: '/notifications', created_at: T0, read_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function anonymousAgent(app: Express): Promise<CsrfAgent> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  return Object.assign(agent, { csrf: csrfOf(page.text) });
}

export async function buildWorld(app: Express, db: Kysely<Database>, tag: string): Promise<World> {
  fixNow(NOW);
  const unitA = await makeOpd(db, { code: `${tag}A`, name: `Dinas Alfa ${tag}` });
  const unitB = await makeOpd(db, { code: `${tag}B`, name: `Badan Beta ${tag}` });
  const peopleA = [];
  for (let i = 0; i < 3; i++) peopleA.push(await makeEmployee(db, { opdId: unitA.id, name: `Pegawai Alfa ${i + 1}` }));
  const personB = await makeEmployee(db, { opdId: unitB.id, name: 'Pegawai Beta' });

  const roles: Record<SignedIn, { role: StaffRole; opdId?: number }> = {
    opdA: { role: 'opd', opdId: unitA.id },
    opdB: { role: 'opd', opdId: unitB.id },
    sekda: { role: 'sekda' },
    hr: { role: 'hr' },
    admin: { role: 'admin' },
  };
  const users = {} as World['users'];
  const tokens = {} as World['tokens'];
  const agents = { anon: await anonymousAgent(app) } as World['agents'];
  for (const actor of SIGNED_IN) {
    const u = await makeUser(db, roles[actor]);
    users[actor] = u;
    agents[actor] = await signIn(app, u.username);
    tokens[actor] = await makeToken(db, roles[actor]);
  }
  const employeeAccount = await makeEmployeeAccount(db, peopleA[2]);
  agents.pegawaiA = await signIn(app, peopleA[2].nip);
  const victim = await makeUser(db, { role: 'opd', opdId: unitB.id });
  const adminActor = { user: { id: users.admin.id, username: users.admin.username, via: 'session' as const } };
  const victimToken = await createToken(db, adminActor, { name: `korban-${tag}`, role: 'sekda', opd_id: null });

  // Last week: submitted, locked now, person 0 TK (a flag), with a photo and a pending correction.
  const last = await makeSession(db, {
    opdId: unitA.id,
    date: LAST_MONDAY,
    roll: [
      [peopleA[0].id, 'TK'],
      [peopleA[1].id, 'H'],
      [peopleA[2].id, 'H'],
    ],
  });
  // This week: a draft, so the session routes of the current date show and save a real session.
  const draft = await makeSession(db, { opdId: unitA.id, date: THIS_MONDAY, state: 'draft', roll: peopleA.map((p) => [p.id, 'H'] as [number, 'H']) });
  const photo = await databaseFileStore(db).put('session_photo', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  await db.updateTable('sessions').set({ photo_file_id: photo }).where('id', '=', last.id).execute();
  const correction = await db
    .insertInto('correction_requests')
    .values({
      session_id: last.id,
      requested_by: users.opdA.id,
      requested_at: NOW,
      reason: 'Surat tugas terlambat',
      changes: JSON.stringify({ attendance: [{ employee_id: peopleA[1].id, status: 'DL', cuti_type: null, note: 'ST/1' }] }),
      base_version: last.version,
      state: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const filed = await db
    .insertInto('absence_requests')
    .values({
      employee_id: peopleA[2].id,
      opd_id: unitA.id,
      kind: 'S',
      cuti_type: null,
      start_date: '2026-11-30',
      end_date: '2026-11-30',
      reason: 'Demam',
      letter_ref: null,
      state: 'pending',
      filed_by: employeeAccount.id,
      filed_at: NOW,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      planned_absence_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('request_files').values({ request_id: filed.id, mime: 'application/pdf', size: 9, data: Buffer.from('%PDF-1.4\n'), created_at: NOW }).execute();
  const absence = await makeAbsence(db, { employeeId: peopleA[1].id, status: 'DL', from: '2026-12-01', to: '2026-12-04', ref: 'ST/7/2026', createdBy: users.hr.id });

  const actorOf = (a: SignedIn): { user: CurrentUser } => ({
    user: {
      id: users[a].id,
      username: users[a].username,
      displayName: users[a].username,
      role: roles[a].role,
      opdId: roles[a].opdId ?? null,
      opdCode: roles[a].opdId === unitA.id ? unitA.code : roles[a].opdId === unitB.id ? unitB.code : null,
      language: null,
      mustChangePassword: false,
      via: 'session',
    },
  });
  const employeeCsv = Buffer.from(`NIP,Nama,Kode Unit,Kategori\n${peopleA[2].nip},${peopleA[2].name},${unitA.code},PNS\n`);
  const employeeImportIds: World['employeeImportIds'] = {};
  for (const a of ['hr', 'admin'] as const) {
    employeeImportIds[a] = await previewEmployeeImport(db, users[a].id, { originalname: 'pegawai.csv', buffer: employeeCsv }, {
      effectiveDate: THIS_MONDAY,
      scopeOpdId: null,
      today: THIS_MONDAY,
    });
  }
  const absenceImportIds: World['absenceImportIds'] = {};
  for (const [i, a] of (['opdA', 'hr', 'admin'] as const).entries()) {
    const day = `2026-12-${String(14 + i * 3).padStart(2, '0')}`;
    const csv = `nip,dari,sampai,status,nomor surat\n${peopleA[2].nip},${day},${day},DL,ST/${i}/2026\n`;
    const preview = await previewAbsenceImport(db, actorOf(a), 'cuti.csv', csv, THIS_MONDAY);
    if (preview.importId === null) throw new Error(`absence import for ${a} refused: ${JSON.stringify(preview.errors ?? preview.fileError)}`);
    absenceImportIds[a] = preview.importId;
  }
  const notificationIds: World['notificationIds'] = {};
  for (const a of SIGNED_IN) notificationIds[a] = await insertNotification(db, users[a].id);
  notificationIds.pegawaiA = await insertNotification(db, employeeAccount.id);

  return {
    app,
    db,
    unitA,
    unitB,
    peopleA,
    personB,
    users,
    agents,
    tokens,
    victimUserId: victim.id,
    victimTokenId: victimToken.id,
    lastSessionId: last.id,
    draftSessionId: draft.id,
    correctionId: correction.id,
    absenceId: absence.id,
    requestId: filed.id,
    holidayEditId: await insertHoliday(db, '2026-12-22', 'Hari Jadi Kabupaten'),
    eventId: await insertEvent(db, unitA.id, users.hr.id),
    pactId: await insertPact(db, users.admin.id),
    holidayIds: { hr: await insertHoliday(db, '2026-12-29', 'Libur hr'), admin: await insertHoliday(db, '2026-12-30', 'Libur admin') },
    employeeImportIds,
    absenceImportIds,
    notificationIds,
  };
}
