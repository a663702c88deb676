import type { Express } from 'express';
import request from 'supertest';
import type { Employee, Opd, Status } from '../../src/db/database';
import { makeNip } from '../../src/lib/nip';
import { fixNow, resetNow } from '../support/clock';
import { makeAbsence, makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';
import { formFields } from '../support/forms';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { signIn, useTestApp, type Agent } from '../support/app';

/*
 * An opd user (or an opd token) must not learn anything about another unit's people: on every
 * surface where they can name an employee by id or NIP, another unit's real id or NIP and one
 * that exists nowhere get the same status and the same page, once the value they sent is
 * replaced by a placeholder, and no other unit's NIP shows up anywhere in the answer.
 */
const NOW = '2026-11-23T03:00:00Z'; // Monday 10:00 WIB: this week's roll-call is open
const THIS_MONDAY = '2026-11-23';
const LAST_MONDAY = '2026-11-16'; // submitted and locked: corrections only
const UNKNOWN_ID = '987654';
const UNKNOWN_NIP = makeNip({ layout: 'pns', birthDate: '1966-06-16', start: '199001', gender: 'P', sequence: 777 });

interface World {
  app: Express;
  unitA: Opd;
  peopleA: Employee[];
  personB: Employee;
  absenceB: number;
  opdA: Agent & { csrf: string };
  token: string;
  otherNips: string[];
}

interface Answer {
  status: number;
  body: string;
}

interface Surface {
  name: string;
  /** The status both answers must have: proof that the request reached the check at all. */
  status: number;
  /** Text the answer must contain: the check ran (not some earlier refusal). */
  shows: string;
  /** Another unit's real value, as the user would send it. */
  other: (w: World) => string;
  unknown: string;
  send: (w: World, value: string) => Promise<Answer>;
}

const answer = (res: request.Response): Answer => ({
  status: res.status,
  body: res.type === 'application/json' ? JSON.stringify(res.body) : res.text,
});

/** The open session form, filled as loaded, plus one row for `id`. */
async function sessionForm(w: World, date: string, id: string, extra: Record<string, string> = {}) {
  const page = await w.opdA.get(`/opd/${w.unitA.code}/sessions/${date}`);
  const details = { mode: 'langsung', start_time: '07:30', ikrar_version: '2024' };
  return { ...formFields(page.text), ...details, [`status[${id}]`]: 'H', ...extra };
}

const upload = (w: World, url: string, csv: string) =>
  w.opdA.post(url).field('_csrf', w.opdA.csrf).attach('file', Buffer.from(csv, 'utf8'), 'berkas.csv');

const roll = (w: World, nip: string) => ({
  held: true,
  mode: 'langsung',
  start_time: '07:30',
  ikrar_version: '2024',
  attendance: [...w.peopleA.map((p) => ({ nip: p.nip, status: 'H' })), { nip, status: 'H' }],
});

// prettier-ignore
const SURFACES: Surface[] = [
  { name: 'session form, row by employee id', status: 422, shows: 'tidak termasuk peserta apel unit ini', other: (w) => String(w.personB.id), unknown: UNKNOWN_ID,
    send: async (w, id) => answer(await w.opdA.post(`/opd/${w.unitA.code}/sessions/${THIS_MONDAY}`).type('form').send({ ...(await sessionForm(w, THIS_MONDAY, id)), action: 'save' })) },
  { name: 'correction request, row by employee id', status: 422, shows: 'tidak termasuk peserta apel unit ini', other: (w) => String(w.personB.id), unknown: UNKNOWN_ID,
    send: async (w, id) => answer(await w.opdA.post(`/opd/${w.unitA.code}/sessions/${LAST_MONDAY}/corrections`).type('form').send(await sessionForm(w, LAST_MONDAY, id, { reason: 'Surat tugas datang terlambat' }))) },
  { name: 'absence form by NIP', status: 422, shows: 'tidak terdaftar di OPD Anda', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.post('/absences').type('form').send({ _csrf: w.opdA.csrf, nip, status: 'DL', start_date: '2026-12-07', end_date: '2026-12-08', document_ref: 'ST/9/2026' })) },
  { name: 'absences CSV import', status: 422, shows: 'tidak terdaftar di OPD Anda', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await upload(w, '/absences/import', `nip,dari,sampai,status,nomor surat\n${nip},2026-12-07,2026-12-08,DL,ST/9/2026\n`)) },
  { name: 'roll-call CSV import', status: 422, shows: 'tidak termasuk peserta apel unit ini', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await upload(w, `/opd/${w.unitA.code}/sessions/${THIS_MONDAY}/import`, `nip,status\n${w.peopleA[0].nip},H\n${nip},H\n`)) },
  { name: 'API PUT roll-call', status: 422, shows: 'tidak termasuk peserta apel unit ini', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await request(w.app).put(`/api/v1/opds/${w.unitA.code}/sessions/${THIS_MONDAY}`).set(bearer(w.token)).set('If-Match', '*').send(roll(w, nip))) },
  { name: 'API employee search', status: 200, shows: '"total":0', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await request(w.app).get(`/api/v1/employees?q=${nip}`).set(bearer(w.token))) },
  { name: 'employee page', status: 404, shows: 'tidak ditemukan', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.get(`/employees/${nip}`)) },
  { name: 'employee history CSV', status: 404, shows: 'tidak ditemukan', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.get(`/employees/${nip}/history.csv?year=2026`)) },
  { name: 'flag page', status: 404, shows: 'tidak ditemukan', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.get(`/flags/${nip}/2026`)) },
  { name: 'employee list search', status: 200, shows: 'Tidak ada pegawai yang cocok', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.get(`/employees?q=${nip}`)) },
  { name: 'absence list search', status: 200, shows: 'Tidak ada ketidakhadiran terencana yang cocok', other: (w) => w.personB.nip, unknown: UNKNOWN_NIP,
    send: async (w, nip) => answer(await w.opdA.get(`/absences?q=${nip}`)) },
  { name: 'cancelling an absence by id', status: 404, shows: 'tidak ditemukan', other: (w) => String(w.absenceB), unknown: UNKNOWN_ID,
    send: async (w, id) => answer(await w.opdA.post(`/absences/${id}/cancel`).type('form').send({ _csrf: w.opdA.csrf })) },
];

describe("another unit's people stay unknown to an opd user", () => {
  const ctx = useTestApp();
  const w = {} as World;

  beforeAll(async () => {
    fixNow(NOW);
    const db = ctx.db;
    w.app = ctx.app;
    w.unitA = await makeOpd(db, { code: 'PRVA', name: 'Dinas Alfa' });
    const unitB = await makeOpd(db, { code: 'PRVB', name: 'Badan Beta' });
    w.peopleA = [];
    for (let i = 0; i < 3; i++) w.peopleA.push(await makeEmployee(db, { opdId: w.unitA.id, name: `Pegawai Alfa ${i + 1}` }));
    w.personB = await makeEmployee(db, { opdId: unitB.id, name: 'Pegawai Beta' });
    const others = [w.personB, await makeEmployee(db, { opdId: unitB.id, name: 'Pegawai Beta Dua' })];
    w.otherNips = others.map((e) => e.nip);
    const present = w.peopleA.map((p): [number, Status] => [p.id, 'H']);
    await makeSession(db, { opdId: w.unitA.id, date: THIS_MONDAY, state: 'draft', roll: present });
    await makeSession(db, { opdId: w.unitA.id, date: LAST_MONDAY, roll: present });
    // Unit B's person has a TK (a flag page) and a planned absence (an id to cancel).
    await makeSession(db, { opdId: unitB.id, date: LAST_MONDAY, roll: others.map((p): [number, Status] => [p.id, 'TK']) });
    w.absenceB = (await makeAbsence(db, { employeeId: w.personB.id, from: '2026-12-01', to: '2026-12-02' })).id;
    const user = await makeUser(db, { role: 'opd', opdId: w.unitA.id });
    w.opdA = await signIn(ctx.app, user.username);
    w.token = await makeToken(db, { role: 'opd', opdId: w.unitA.id });
  });
  afterAll(() => resetNow());

  it('has a flag and an absence for the other unit, so its 404s hide real records', async () => {
    const stats = await ctx.db.selectFrom('employee_year_stats').select('tk_count').where('employee_id', '=', w.personB.id).where('year', '=', 2026).executeTakeFirst();
    expect(stats?.tk_count).toBe(1);
    expect(w.absenceB).toBeGreaterThan(0);
  });

  it.each(SURFACES.map((s) => [s.name, s] as const))('%s: the same answer for another unit and for nobody', async (_name, surface) => {
    const other = surface.other(w);
    // The longer value first: a short id may be part of the other value (4 in 987654).
    const values = [other, surface.unknown].sort((a, b) => b.length - a.length);
    const normalise = (a: Answer) => ({ status: a.status, body: values.reduce((body, v) => body.split(v).join('‹value›'), a.body) });
    const answers = [await surface.send(w, other), await surface.send(w, surface.unknown)];
    const [forOther, forNobody] = answers.map(normalise);
    expect(forOther.status).toBe(surface.status);
    expect(forOther.body).toContain(surface.shows);
    expect(forOther).toEqual(forNobody);
    // The raw answers: a NIP the user typed may come back, no other one of that unit may.
    for (const a of answers) for (const nip of w.otherNips.filter((n) => n !== other)) expect(a.body).not.toContain(nip);
  });
});
