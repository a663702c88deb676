import { DateTime } from 'luxon';
import type { Category } from '../db/database';

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

/** Removes the spaces and dots that SIMPEG exports and people type ("19850312 201001 1 003"). */
export function normalizeNip(raw: string): string {
  return raw.replace(/[\s.]/g, '');
}

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validates a NIP or NI PPPK for the given category, and the gender when one is given.
 * `today` bounds the birth year (an injected 'YYYY-MM-DD' so tests stay fixed).
 */
export function validateNip(
  raw: string,
  category: Category,
  gender?: 'L' | 'P' | null,
  today = DateTime.utc().toISODate() as string,
): NipResult {
  const nip = normalizeNip(raw ?? '');
  const layout = layoutOf(category);
  if (nip.length === 0) return { ok: false, error: 'nip.required' };
  if (layout === 'other') {
    // Upper case, so "na-12" and "NA-12" cannot become two people.
    if (!/^[A-Za-z0-9-]{1,30}$/.test(nip)) return { ok: false, error: 'nip.other_format' };
    return { ok: true, nip: nip.toUpperCase(), birthDate: '', gender: gender ?? 'L' };
  }
  if (!/^\d+$/.test(nip)) return { ok: false, error: 'nip.digits' };
  if (nip.length !== 18) return { ok: false, error: 'nip.length' };

  const by = Number(nip.slice(0, 4));
  const bm = Number(nip.slice(4, 6));
  const bd = Number(nip.slice(6, 8));
  const thisYear = Number(today.slice(0, 4));
  if (!realDate(by, bm, bd) || by < 1900 || `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}` > today) {
    return { ok: false, error: 'nip.birth_date' };
  }
  const birthDate = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;

  if (layout === 'pns') {
    const ty = Number(nip.slice(8, 12));
    const tm = Number(nip.slice(12, 14));
    if (tm < 1 || tm > 12 || ty > thisYear + 1) return { ok: false, error: 'nip.tmt' };
    if (ty * 100 + tm < by * 100 + bm) return { ok: false, error: 'nip.tmt_before_birth' };
  } else {
    const year = Number(nip.slice(8, 12));
    if (year > thisYear + 1 || year < by) return { ok: false, error: 'nip.pppk_year' };
    if (nip.slice(12, 14) === '00') return { ok: false, error: 'nip.pppk_agreement' };
  }

  const g = nip[14];
  if (g !== '1' && g !== '2') return { ok: false, error: 'nip.gender_digit' };
  const nipGender = g === '1' ? 'L' : 'P';
  if (gender && gender !== nipGender) return { ok: false, error: 'nip.gender_mismatch' };
  if (nip.slice(15) === '000') return { ok: false, error: 'nip.sequence' };
  return { ok: true, nip, birthDate, gender: nipGender };
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
