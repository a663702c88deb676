import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { Database } from '../../db/database';
import type { CurrentUser } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { authorize } from '../../policy';
import { writeAudit } from '../audit/audit.service';
import { signCard } from './card-code';
import { findCardVersion, saveCardVersion } from './cards.repository';

/** What a printed card shows: the signed code as a QR SVG and as text under it. */
export async function cardFace(key: Buffer, employeeId: number, version: number) {
  const code = signCard(key, employeeId, version);
  return { code, qr: await QRCode.toString(code, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }) };
}

/**
 * A new card for one employee: their version goes up by one, so every card printed before
 * (a lost one, a copy) stops being accepted. Audited with the old and new version.
 */
export async function reissueCard(db: Kysely<Database>, actor: { user: CurrentUser; requestId?: string }, opdId: number, employee: { id: number; nip: string }) {
  authorize(actor.user, 'cards.manage', { opdId });
  return db.transaction().execute(async (trx) => {
    const before = await findCardVersion(trx, employee.id);
    const version = before + 1;
    await saveCardVersion(trx, { employee_id: employee.id, version, reissued_by: actor.user.id, reissued_at: nowIso() });
    await writeAudit(trx, actor, { entity: 'employee_card', entityId: employee.id, action: 'reissue', opdId, before: { nip: employee.nip, version: before }, after: { nip: employee.nip, version } });
    return version;
  });
}
