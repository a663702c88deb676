import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/unique-violation';
import { ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { isActiveOn, localToday } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { normalizeNip } from '../../lib/nip';
import { containsUsername, hashPassword } from '../../lib/password';
import { authorize } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import { getSettings } from '../settings/settings.repository';
import { groupCode, hashCode, newCode, readCode, sameHash } from './activation-code';
import * as repo from './activation.repository';
import { createEmployeeAccount } from './employee-account';

export interface CodeContext {
  /** The MAC key (activationKey(config.sessionSecret)). */
  key: Buffer;
  /** The address employees reach Ikrar at, for the link in the QR code. */
  publicUrl: string;
  zone: string;
  requestId?: string;
}

export interface IssuedCode {
  employeeId: number;
  nip: string;
  name: string;
  /** XXXXX-XXXXX: the only moment the code exists in plain text. */
  code: string;
  link: string;
  expiresAt: string;
}

export type AccountState = 'active' | 'issued' | 'expired' | 'none';

/** What the unit's list shows for one person: an active account, a live code, an expired one, or nothing. */
export function accountState(row: repo.RosterRow, now: string): AccountState {
  if (row.user_id !== null && row.user_active === 1) return 'active';
  if (row.expires_at && !row.used_at) return row.expires_at > now ? 'issued' : 'expired';
  return 'none';
}

export function activationLink(publicUrl: string, nip: string, code: string): string {
  return `${publicUrl}/aktivasi?nip=${encodeURIComponent(nip)}&kode=${code}`;
}

/**
 * New codes for a unit's people: everyone without an active account, or the chosen ones (a
 * chosen person with an account gets a code too: that is how a forgotten password is
 * replaced). Each replaces the person's previous code. Returns the codes in plain text, which
 * nothing keeps; the audit says how many and until when, never the codes.
 */
export async function issueCodes(
  db: Kysely<Database>,
  user: CurrentUser,
  opd: { id: number; code: string },
  chosen: number[] | 'without_account',
  ctx: CodeContext,
): Promise<IssuedCode[]> {
  authorize(user, 'activation.manage', { opdId: opd.id });
  const now = nowIso();
  const roster = await repo.findRoster(db, opd.id, localToday(ctx.zone));
  const picked = chosen === 'without_account' ? roster.filter((r) => accountState(r, now) !== 'active') : roster.filter((r) => chosen.includes(r.id));
  if (!picked.length) throw new ValidationError({ employees: 'activation.errors.nobody' });
  const { activation_code_days } = await getSettings(db);
  const expiresAt = DateTime.fromISO(now).plus({ days: activation_code_days }).toUTC().toISO()!;
  const issued = picked.map((p) => {
    const code = newCode();
    return { row: { employee_id: p.id, code_hash: hashCode(ctx.key, p.nip, code), expires_at: expiresAt, created_by: user.id, created_at: now, used_at: null }, code, p };
  });
  await db.transaction().execute(async (trx) => {
    await repo.replaceCodes(trx, issued.map((i) => i.row));
    await writeAudit(trx, { user, requestId: ctx.requestId }, { entity: 'activation_code', entityId: opd.code, action: 'generate', opdId: opd.id, after: { count: issued.length, expires_at: expiresAt } });
  });
  return issued.map(({ code, p }) => ({
    employeeId: p.id,
    nip: p.nip,
    name: p.name,
    code: groupCode(code),
    link: activationLink(ctx.publicUrl, p.nip, groupCode(code)),
    expiresAt,
  }));
}

/**
 * The codes of a batch sent back from its slips page (for the CSV), kept only where each is
 * still the person's live code in this unit: the CSV can carry nothing the server did not issue.
 */
export async function confirmBatch(
  db: Kysely<Database>,
  user: CurrentUser,
  opd: { id: number },
  sent: { nip: string; code: string }[],
  ctx: CodeContext,
): Promise<IssuedCode[]> {
  authorize(user, 'activation.manage', { opdId: opd.id });
  const now = nowIso();
  const roster = new Map((await repo.findRoster(db, opd.id, localToday(ctx.zone))).map((r) => [r.nip, r.id]));
  const ids = sent.map((s) => roster.get(s.nip)).filter((id): id is number => id !== undefined);
  const stored = new Map((ids.length ? await repo.findCodesOf(db, ids) : []).map((c) => [c.nip, c]));
  const out: IssuedCode[] = [];
  for (const s of sent) {
    const c = stored.get(s.nip);
    const code = readCode(s.code);
    if (!c || !code || c.used_at || c.expires_at <= now || !sameHash(c.code_hash, hashCode(ctx.key, c.nip, code))) continue;
    out.push({ employeeId: c.id, nip: c.nip, name: c.name, code: groupCode(code), link: activationLink(ctx.publicUrl, c.nip, groupCode(code)), expiresAt: c.expires_at });
  }
  return out;
}

/** Wrong code, used, expired, unknown NIP or out of service: one answer for all, so nothing is learnt. */
const refused = () => new ValidationError({}, 'activation.refused');

/**
 * Activates an employee's account with their code and a password of their choice: creates the
 * pegawai account (username: the NIP) or gives the existing one the new password, and uses
 * the code up. Nothing is saved when anything is wrong. Returns the account to sign in.
 */
export async function activate(
  db: Kysely<Database>,
  input: { nip: string; code: string; password: string },
  ctx: Pick<CodeContext, 'key' | 'zone' | 'requestId'>,
): Promise<{ userId: number; employeeId: number }> {
  const nip = normalizeNip(input.nip).toUpperCase();
  const code = readCode(input.code);
  const found = await repo.findActivation(db, nip);
  const now = nowIso();
  const valid =
    found && code && found.code_id !== null && found.code_hash && !found.used_at && found.expires_at! > now && isActiveOn(found, localToday(ctx.zone)) && sameHash(found.code_hash, hashCode(ctx.key, found.nip, code));
  if (!valid) throw refused();
  const username = found.nip.toLowerCase();
  if (containsUsername(input.password, username)) throw new ValidationError({ password: 'validation.password_username' });
  const password_hash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await repo.useCode(trx, found.code_id!, now))) throw refused();
      const existing = await repo.findAccountOfEmployee(trx, found.id);
      if (!existing) {
        const userId = await createEmployeeAccount(trx, found, { passwordHash: password_hash, passwordSet: true, action: 'activate', requestId: ctx.requestId });
        return { userId, employeeId: found.id };
      }
      const userId = existing.id;
      await repo.resetAccount(trx, userId, { username, password_hash, at: now });
      const actor = { user: { id: userId, username, via: 'session' as const }, requestId: ctx.requestId };
      await writeAudit(trx, actor, { entity: 'user', entityId: userId, action: 'activate', after: { username, role: 'pegawai' } });
      return { userId, employeeId: found.id };
    });
  } catch (err) {
    // A staff account already named like this NIP: refused like any other failure.
    if (isUniqueViolation(err)) throw refused();
    throw err;
  }
}
