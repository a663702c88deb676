import { z } from 'zod';
import { OPD_KINDS } from '../../db/database';
import { form } from '../../http/validate';
import { normalizeNip, validateNip } from '../../lib/nip';
import { degrees, radiusMetres, wholePoint } from '../checkin/geofence.schema';

/** OPD codes are short, upper case and used in URLs (docs/DESIGN.md, "Stable URLs"). */
export const opdCode = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{2,20}$/, 'opds.errors.code_format');

/** Pasted as printed ("19700101 200003 1 001") it is the same NIP; blank means not known yet. */
const headNip = z
  .string()
  .optional()
  .transform((v) => (v ? normalizeNip(v) : ''))
  .refine((v) => v === '' || validateNip(v, 'PNS').ok, 'opds.errors.head_nip')
  .transform((v) => v || null);

const fields = {
  name: form.text(150),
  kind: z.enum(OPD_KINDS),
  parent_id: form.optionalId(),
  active_from: form.date(),
  // The unit head signs reprimands of the unit's staff (docs/DESIGN.md, Employee flags).
  head_name: form.optionalText(200),
  head_rank: form.optionalText(100),
  head_nip: headNip,
  // Check-in at the apel, and its geofence: the point and radius all given, or none.
  check_in: form.checkbox(),
  apel_lat: degrees(90),
  apel_lng: degrees(180),
  apel_radius_m: radiusMetres(),
};

const wholeApelPoint = wholePoint(['apel_lat', 'apel_lng', 'apel_radius_m']);

export const createOpdSchema = z.object({ code: opdCode(), ...fields }).superRefine(wholeApelPoint);
export const updateOpdSchema = z.object(fields).superRefine(wholeApelPoint);
/** The first day the unit no longer exists; it owes no session from that day. */
export const deactivateOpdSchema = z.object({ inactive_from: form.date() });

export type CreateOpdInput = z.infer<typeof createOpdSchema>;
export type UpdateOpdInput = z.infer<typeof updateOpdSchema>;
