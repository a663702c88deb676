import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { nowIso } from '../../lib/clock';
import { hashPassword } from '../../lib/password';
import { can } from '../../policy';
import { diff, writeAudit, type AuditActor } from '../audit/audit.service';
import { endSessionsOf } from '../auth/auth.service';
import { isUniqueViolation } from '../../db/unique-violation';
import { findOpdById } from '../opds/opds.repository';
import { temporaryPassword } from './temp-password';
import { countActiveAdmins, findUserById, findUserByUsername, insertUser, updateUserRow, type UserRow } from './users.repository';
import type { CreateUserInput, UpdateUserInput } from './users.schema';

type Actor = AuditActor & { user: { id: number; username: string; via: 'session' | 'token' } };

export async function requireUser(db: Kysely<Database>, id: number): Promise<UserRow> {
  // Past PostgreSQL's integer range no row can exist, and the lookup itself would fail (a 500).
  const user = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await findUserById(db, id) : undefined;
  if (!user) throw new NotFoundError();
  return user;
}

async function checkOpd(db: Kysely<Database>, opdId: number | null): Promise<void> {
  if (opdId !== null && !(await findOpdById(db, opdId))) throw new ValidationError({ opd_id: 'validation.invalid_choice' });
}

const usernameTaken = () => new ValidationError({ username: 'users.errors.username_taken' });

/**
 * A new account gets a temporary password, returned once for the admin to pass on, and must
 * choose its own at first sign-in.
 */
export async function createUser(db: Kysely<Database>, actor: Actor, input: CreateUserInput): Promise<{ id: number; password: string }> {
  await checkOpd(db, input.opd_id);
  if (await findUserByUsername(db, input.username)) throw usernameTaken();
  const password = temporaryPassword();
  const password_hash = await hashPassword(password);
  const now = nowIso();
  try {
    const id = await db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, { ...input, password_hash, temp_password_hash: password_hash, language: null, active: 1, must_change_password: 1, created_at: now, updated_at: now });
      await writeAudit(trx, actor, { entity: 'user', entityId: id, action: 'create', after: input });
      return id;
    });
    return { id, password };
  } catch (err) {
    if (isUniqueViolation(err)) throw usernameTaken();
    throw err;
  }
}

/** An admin cannot take away the last admin's role (nobody could manage accounts any more). */
async function keepAnAdmin(db: Kysely<Database>, target: UserRow, field: string): Promise<void> {
  if (can(target, 'users.manage') && target.active === 1 && (await countActiveAdmins(db)) <= 1) {
    throw new ValidationError({ [field]: 'users.errors.last_admin' });
  }
}

export async function updateUser(db: Kysely<Database>, actor: Actor, target: UserRow, input: UpdateUserInput): Promise<void> {
  await checkOpd(db, input.opd_id);
  if (!can(input, 'users.manage')) await keepAnAdmin(db, target, 'role');
  const { before, after } = diff(target, input);
  if (!Object.keys(after).length) return;
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, target.id, { ...input, updated_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'user', entityId: target.id, action: 'update', before, after });
    // A new role or unit takes effect at once: the user's sessions carry the old one's pages.
    if (after.role !== undefined || after.opd_id !== undefined) await endSessionsOf(trx, target.id);
  });
}

/** Disabling ends every session of the account at once. */
export async function setUserActive(db: Kysely<Database>, actor: Actor, target: UserRow, active: boolean): Promise<void> {
  if (target.active === (active ? 1 : 0)) return;
  if (!active) {
    if (target.id === actor.user.id) throw new ValidationError({ _: 'users.errors.self_disable' });
    await keepAnAdmin(db, target, '_');
  }
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, target.id, { active: active ? 1 : 0, updated_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'user', entityId: target.id, action: active ? 'enable' : 'disable', before: { active: target.active }, after: { active: active ? 1 : 0 } });
    if (!active) await endSessionsOf(trx, target.id);
  });
}

/** A temporary password, shown once; the user must change it, and is signed out everywhere now. */
export async function resetPassword(db: Kysely<Database>, actor: Actor, target: UserRow): Promise<string> {
  const password = temporaryPassword();
  const password_hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, target.id, { password_hash, temp_password_hash: password_hash, must_change_password: 1, updated_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'user', entityId: target.id, action: 'reset_password', after: { must_change_password: 1 } });
    await endSessionsOf(trx, target.id);
  });
  return password;
}
