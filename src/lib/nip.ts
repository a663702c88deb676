import type { Category } from '../db/database';
import { nowIso } from './clock';

/*
 * NIP (PNS, 18 digits): birth date YYYYMMDD · TMT CPNS YYYYMM · gender (1 male, 2 female) ·
 * sequence 001-999. NI PPPK (18 digits): birth date YYYYMMDD · appointment year YYYY ·
 * agreement count 01-99 · gender · sequence. Non-ASN staff have no NIP; they carry the
 * employer's own identifier, checked only for shape.
 * Errors are i18n keys in the `nip` namespace.
 */
export type NipResult =
  | { ok: true; nip: string; birthDate: string; gender: 'L' | 'P' }
  | { ok: false; error: string };

export type NipLayout = 'pns' | 'pppk' | 'other';

export function layoutOf(category: Category): NipLayout {
  if (category === 'PNS' || category === 'CPNS') return 'pns';
  if (category === 'PPPK' || category === 'PPPK_PW') return 'pppk';
  return 'other';
}

/*
 * NIPs arrive as printed on letters ("NIP. 19850312 201001 1 003"), exported by SIMPEG
 * ("19850312.201001.1.003") or typed with dashes. A "NIP"/"NIP." label, spaces and dots always
 * go; dashes go only when what is left is the 18 digits of a NIP, because a non-ASN staff
 * number may itself contain dashes ("NA-000123") and lookups must keep finding it. The
 * ="…" that the report CSV wraps NIPs in (so spreadsheets keep them as text) is unwrapped.
 */
export function normalizeNip(raw: string): string {
  const compact = raw.replace(/[\s.]/g, '').replace(/^="(.*)"$/, '$1');
  const labelled = /^NIP:?([\d-]+)$/i.exec(compact);
  const rest = labelled ? labelled[1] : compact;
  const digits = rest.replace(/-/g, '');
  return /^[\d-]+$/.test(rest) && digits.length === 18 ? digits : rest;
}

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/*
 * Ages an ASN can have. Nobody is appointed (CPNS or PPPK) before 18, the minimum age for
 * applying; nobody in service today is younger than 18 or older than 70 (the latest retirement
 * age is 65, so 70 leaves room for records kept after it). PPPK exist since PP 49/2018; the
 * first were appointed in 2019, so an earlier appointment year is a typo.
 */
const MIN_AGE = 18;
const MAX_AGE = 70;
const FIRST_PPPK_YEAR = 2019;

/** Completed years between an ISO birth date and an ISO day. */
function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Validates a NIP or NI PPPK for the given category, and the gender when one is given.
 * `today` ('YYYY-MM-DD') bounds the age; callers pass the local day, the default is the app
 * clock's UTC day (lib/clock.ts), which tests fix with Luxon's Settings.now.
 */
export function validateNip(raw: string, category: Category, gender?: 'L' | 'P' | null, today = nowIso().slice(0, 10)): NipResult {
  const layout = layoutOf(category);
  const normalized = normalizeNip(raw ?? '');
  if (normalized.length === 0) return { ok: false, error: 'nip.required' };
  if (layout === 'other') {
    // Upper case, so "na-12" and "NA-12" cannot become two people.
    if (!/^[A-Za-z0-9-]{1,30}$/.test(normalized)) return { ok: false, error: 'nip.other_format' };
    return { ok: true, nip: normalized.toUpperCase(), birthDate: '', gender: gender ?? 'L' };
  }
  // An ASN NIP has no letters or dashes, so dashes between its groups are separators.
  const nip = normalized.replace(/-/g, '');
  if (!/^\d+$/.test(nip)) return { ok: false, error: 'nip.digits' };
  if (nip.length !== 18) return { ok: false, error: 'nip.length' };

  const by = Number(nip.slice(0, 4));
  const bm = Number(nip.slice(4, 6));
  if (!realDate(by, bm, Number(nip.slice(6, 8)))) return { ok: false, error: 'nip.birth_date' };
  const birthDate = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  const age = ageOn(birthDate, today);
  if (age < MIN_AGE) return { ok: false, error: 'nip.too_young' };
  if (age > MAX_AGE) return { ok: false, error: 'nip.too_old' };

  const start = layout === 'pns' ? checkTmt(nip, by, bm, today) : checkPppk(nip, by, today);
  if (start) return { ok: false, error: start };

  const g = nip[14];
  if (g !== '1' && g !== '2') return { ok: false, error: 'nip.gender_digit' };
  const nipGender = g === '1' ? 'L' : 'P';
  if (gender && gender !== nipGender) return { ok: false, error: 'nip.gender_mismatch' };
  if (nip.slice(15) === '000') return { ok: false, error: 'nip.sequence' };
  return { ok: true, nip, birthDate, gender: nipGender };
}

/** Digits 9-14 of a PNS NIP: TMT CPNS year-month, no later than next year, at 18 or older. */
function checkTmt(nip: string, by: number, bm: number, today: string): string | null {
  const ty = Number(nip.slice(8, 12));
  const tm = Number(nip.slice(12, 14));
  if (tm < 1 || tm > 12 || ty > Number(today.slice(0, 4)) + 1) return 'nip.tmt';
  // Month precision: TMT is the first of a month, so the month of the 18th birthday counts.
  if (ty * 100 + tm < (by + MIN_AGE) * 100 + bm) return 'nip.tmt_under_18';
  return null;
}

/** Digits 9-14 of an NI PPPK: appointment year (2019 to next year, at 18 or older), agreement count. */
function checkPppk(nip: string, by: number, today: string): string | null {
  const year = Number(nip.slice(8, 12));
  if (year > Number(today.slice(0, 4)) + 1) return 'nip.pppk_year';
  if (year < FIRST_PPPK_YEAR) return 'nip.pppk_before_2019';
  // Year precision: in the year of the 18th birthday the appointment may come after it.
  if (year < by + MIN_AGE) return 'nip.pppk_under_18';
  if (nip.slice(12, 14) === '00') return 'nip.pppk_agreement';
  return null;
}

/** Builds a valid NIP (PNS) or NI PPPK; used by the demo generator and test factories. */
export function makeNip(opts: {
  layout: 'pns' | 'pppk';
  birthDate: string;
  /** PNS: TMT 'YYYYMM'; PPPK: appointment year 'YYYY' */
  start: string;
  gender: 'L' | 'P';
  sequence: number;
  agreement?: number;
}): string {
  const birth = opts.birthDate.replace(/-/g, '');
  const middle = opts.layout === 'pns' ? opts.start : `${opts.start}${String(opts.agreement ?? 1).padStart(2, '0')}`;
  const seq = String(((opts.sequence - 1) % 999) + 1).padStart(3, '0');
  return `${birth}${middle}${opts.gender === 'L' ? '1' : '2'}${seq}`;
}

/** "19850312 201001 1 003", the way NIPs are printed on letters and reports. */
export function formatNip(nip: string): string {
  return /^\d{18}$/.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip[14]} ${nip.slice(15)}` : nip;
}
