import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Pact } from '../../db/database';
import type { Db } from '../../db/connect';
import { isUniqueViolation } from '../../db/unique-violation';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { authorize } from '../../policy';
import { diff, writeAudit } from '../audit/audit.service';
import * as repo from './pacts.repository';
import type { PactInput } from './pacts.schema';

/*
 * The integrity pact (pakta integritas netralitas). Several pacts may be open at once: each has
 * its own period and is signed on its own, so nothing needs to close one to publish the next
 * (a pact for the election and one for a by-election may overlap). A pact's text can change only
 * until the first signature; after that it is frozen, since a signature is worth only as much
 * as the certainty of what was signed, and a changed text needs a new pact.
 */

/** SHA-256 (hex) of a pact's text: what a signature records, and what the signing form sends back. */
export function textHash(body: string): string {
  return crypto.createHash('sha256').update(body, 'utf8').digest('hex');
}

export type PactState = 'upcoming' | 'open' | 'ended' | 'closed';

export function pactState(p: Pick<Pact, 'valid_from' | 'valid_to' | 'closed_at'>, today: string): PactState {
  if (p.closed_at) return 'closed';
  if (today < p.valid_from) return 'upcoming';
  return today > p.valid_to ? 'ended' : 'open';
}

interface Actor {
  user: CurrentUser;
  requestId?: string;
}

export async function getPact(db: Db, id: number): Promise<Pact> {
  const pact = await repo.findPact(db, id);
  if (!pact) throw new NotFoundError();
  return pact;
}

export async function publishPact(db: Kysely<Database>, actor: Actor, input: PactInput): Promise<Pact> {
  authorize(actor.user, 'pacts.manage');
  return db.transaction().execute(async (trx) => {
    const at = nowIso();
    const pact = await repo.insertPact(trx, { ...input, closed_at: null, created_by: actor.user.id, created_at: at, updated_at: at });
    await writeAudit(trx, actor, { entity: 'pact', entityId: pact.id, action: 'publish', after: { ...input, text_sha256: textHash(input.body) } });
    return pact;
  });
}

/** A new text or period, only while nobody has signed and the pact is not closed. */
export async function editPact(db: Kysely<Database>, actor: Actor, id: number, input: PactInput): Promise<void> {
  authorize(actor.user, 'pacts.manage');
  await db.transaction().execute(async (trx) => {
    const pact = await getPact(trx, id);
    if (pact.closed_at) throw new ConflictError('pacts.errors.closed');
    if (await repo.hasSignatures(trx, id)) throw new ConflictError('pacts.errors.frozen');
    const change = diff(pact, input);
    if (!Object.keys(change.after).length) return;
    await repo.updatePactRow(trx, id, { ...input, updated_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'pact', entityId: id, action: 'edit', ...change });
  });
}

export async function closePact(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  authorize(actor.user, 'pacts.manage');
  await db.transaction().execute(async (trx) => {
    const pact = await getPact(trx, id);
    if (pact.closed_at) return;
    const at = nowIso();
    await repo.updatePactRow(trx, id, { closed_at: at, updated_at: at });
    await writeAudit(trx, actor, { entity: 'pact', entityId: id, action: 'close', after: { closed_at: at } });
  });
}

export interface SigningContext {
  today: string;
  ip: string;
  userAgent: string;
  /** The hash of the text the employee's page showed, when the form sent it. */
  seenHash?: string;
}

/** Browsers' user agents run to a few hundred characters; the rest is noise worth no storage. */
const UA_MAX = 300;

/**
 * An employee signs a pact: once, within its period, for the text they read. 'already' when
 * they had signed before (also when a second tab got there first): the caller says so politely.
 */
export async function signPact(db: Kysely<Database>, user: CurrentUser, pactId: number, ctx: SigningContext): Promise<'signed' | 'already'> {
  authorize(user, 'pacts.sign');
  if (!user.employeeId) throw new NotFoundError();
  const pact = await getPact(db, pactId);
  if (await repo.findSignature(db, pactId, user.employeeId)) return 'already';
  if (pactState(pact, ctx.today) !== 'open') throw new ValidationError({}, 'pacts.errors.not_open');
  const hash = textHash(pact.body);
  // The text changed while the page was open (possible only before the first signature).
  if (ctx.seenHash && ctx.seenHash !== hash) throw new ValidationError({}, 'pacts.errors.text_changed');
  try {
    await repo.insertSignature(db, {
      pact_id: pactId,
      employee_id: user.employeeId,
      opd_id: user.opdId,
      signed_at: nowIso(),
      ip: ctx.ip.slice(0, 64),
      user_agent: ctx.userAgent.slice(0, UA_MAX),
      text_sha256: hash,
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 'already';
    throw err;
  }
  return 'signed';
}

/** The pacts an employee may sign today, with their signature time when they have. */
export async function openPactsOf(db: Db, employeeId: number, today: string) {
  const pacts = await repo.findOpenPacts(db, today);
  const signed = new Map((await repo.findSignaturesOf(db, employeeId, pacts.map((p) => p.id))).map((s) => [s.pact_id, s.signed_at]));
  return pacts.map((p) => ({ ...p, signed_at: signed.get(p.id) ?? null }));
}
