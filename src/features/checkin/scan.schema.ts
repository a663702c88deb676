import { ValidationError } from '../../http/errors';
import type { ScanInput } from './scan.service';

/*
 * What a scan post carries, as a form (no script) or JSON (the scanner page): exactly one of
 * `card` (the text of the card's QR), `employee_id` (a person picked from the unit's list) or
 * `nip` (typed); `client_id`, the page's own id for the scan, echoed back so the page can match
 * the answer to its queue; `waited_s`, how long the scan waited in the page while offline.
 */
const CARD_MAX = 200;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ID = 2 ** 31 - 1;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new ValidationError({ [name]: 'validation.invalid_type' });
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}

function who(body: Record<string, unknown>): ScanInput['who'] {
  const card = text(body, 'card');
  const id = text(body, 'employee_id');
  const nip = text(body, 'nip')?.replace(/[\s.]/g, '');
  const given = [card, id, nip].filter((v) => v !== undefined).length;
  if (given === 0) throw new ValidationError({ card: 'scan.errors.nothing' });
  if (given > 1) throw new ValidationError({ card: 'scan.errors.one_only' });
  if (card !== undefined) {
    if (card.length > CARD_MAX) throw new ValidationError({ card: 'scan.errors.card_format' });
    return { card };
  }
  if (id !== undefined) {
    // Ids are 32-bit integers on PostgreSQL: a larger number names nobody and must not reach the query.
    if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > MAX_ID) throw new ValidationError({ employee_id: 'validation.invalid' });
    return { employeeId: Number(id) };
  }
  if (!/^\d{18}$/.test(nip!)) throw new ValidationError({ nip: 'scan.errors.nip_format' });
  return { nip: nip! };
}

export function scanInputOf(raw: unknown): ScanInput & { clientId: string | null } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError({ card: 'scan.errors.nothing' });
  const body = raw as Record<string, unknown>;
  const clientId = text(body, 'client_id') ?? null;
  if (clientId !== null && !CLIENT_ID.test(clientId)) throw new ValidationError({ client_id: 'validation.invalid' });
  const waited = text(body, 'waited_s');
  if (waited !== undefined && !/^\d{1,7}$/.test(waited)) throw new ValidationError({ waited_s: 'validation.invalid' });
  return { who: who(body), waitedSeconds: Number(waited ?? 0), clientId };
}

/** The search box: up to 60 characters, at least 2 to search (a name part or the first NIP digits). */
export function searchTermOf(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const q = raw.trim();
  if (q.length > 60) throw new ValidationError({ q: 'validation.too_long|60' });
  return q.length >= 2 ? q : '';
}
