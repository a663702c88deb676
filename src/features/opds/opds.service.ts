import type { Kysely } from 'kysely';
import type { Database, Opd } from '../../db/database';
import { NotFoundError, ValidationError } from '../../http/errors';
import { addDays } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { diff, writeAudit, type AuditActor } from '../audit/audit.service';
import { isUniqueViolation } from '../../db/unique-violation';
import { findAllOpds, findOpdByCode, findOpdById, insertOpd, updateOpdRow } from './opds.repository';
import type { CreateOpdInput, UpdateOpdInput } from './opds.schema';

/** The unit and every unit below it, so an edit cannot make a unit its own ancestor. */
export function descendantsOf(all: Pick<Opd, 'id' | 'parent_id'>[], id: number): Set<number> {
  const out = new Set<number>([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of all) {
      if (o.parent_id !== null && out.has(o.parent_id) && !out.has(o.id)) {
        out.add(o.id);
        grew = true;
      }
    }
  }
  return out;
}

async function checkParent(db: Kysely<Database>, parentId: number | null, selfId?: number): Promise<void> {
  if (parentId === null) return;
  if (!(await findOpdById(db, parentId))) throw new ValidationError({ parent_id: 'validation.invalid_choice' });
  if (selfId !== undefined && descendantsOf(await findAllOpds(db), selfId).has(parentId)) {
    throw new ValidationError({ parent_id: 'opds.errors.parent_cycle' });
  }
}

const codeTaken = () => new ValidationError({ code: 'opds.errors.code_taken' });

export async function createOpd(db: Kysely<Database>, actor: AuditActor, input: CreateOpdInput): Promise<Opd> {
  if (await findOpdByCode(db, input.code)) throw codeTaken();
  await checkParent(db, input.parent_id);
  const now = nowIso();
  try {
    return await db.transaction().execute(async (trx) => {
      const opd = await insertOpd(trx, { ...input, active_to: null, created_at: now, updated_at: now });
      const { created_at: _c, updated_at: _u, ...after } = opd;
      await writeAudit(trx, actor, { entity: 'opd', entityId: opd.id, action: 'create', opdId: opd.id, after });
      return opd;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}

/** The code stays: it is in bookmarks, reminder links and integrations (docs/DESIGN.md, "Stable URLs"). */
export async function updateOpd(db: Kysely<Database>, actor: AuditActor, opd: Opd, input: UpdateOpdInput): Promise<void> {
  await checkParent(db, input.parent_id, opd.id);
  if (opd.active_to !== null && input.active_from > opd.active_to) {
    throw new ValidationError({ active_from: 'opds.errors.from_after_to' });
  }
  const { before, after } = diff(opd, input);
  if (!Object.keys(after).length) return;
  await db.transaction().execute(async (trx) => {
    await updateOpdRow(trx, opd.id, { ...input, updated_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'opd', entityId: opd.id, action: 'update', opdId: opd.id, before, after });
  });
}

/**
 * The unit exists until the day before `inactiveFrom` (active_to is its last day, inclusive),
 * so it owes no session from that date on. History and past sessions stay.
 */
export async function deactivateOpd(db: Kysely<Database>, actor: AuditActor, opd: Opd, inactiveFrom: string): Promise<void> {
  const activeTo = addDays(inactiveFrom, -1);
  if (activeTo < opd.active_from) throw new ValidationError({ inactive_from: 'opds.errors.before_start' });
  await setActiveTo(db, actor, opd, activeTo, 'deactivate');
}

export async function reactivateOpd(db: Kysely<Database>, actor: AuditActor, opd: Opd): Promise<void> {
  if (opd.active_to === null) return;
  await setActiveTo(db, actor, opd, null, 'reactivate');
}

function setActiveTo(db: Kysely<Database>, actor: AuditActor, opd: Opd, activeTo: string | null, action: 'deactivate' | 'reactivate') {
  return db.transaction().execute(async (trx) => {
    await updateOpdRow(trx, opd.id, { active_to: activeTo, updated_at: nowIso() });
    await writeAudit(trx, actor, {
      entity: 'opd',
      entityId: opd.id,
      action,
      opdId: opd.id,
      before: { active_to: opd.active_to },
      after: { active_to: activeTo },
    });
  });
}

export async function requireOpd(db: Kysely<Database>, code: string): Promise<Opd> {
  const opd = await findOpdByCode(db, code);
  if (!opd) throw new NotFoundError();
  return opd;
}
