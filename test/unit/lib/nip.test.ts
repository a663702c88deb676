import type { Category } from '../../../src/db/database';
import { t } from '../../../src/i18n/t';
import { Settings } from 'luxon';
import { formatNip, makeNip, normalizeNip, validateNip } from '../../../src/lib/nip';

const TODAY = '2026-11-23';
// 12 March 1985 · TMT CPNS January 2010 · male · sequence 003
const PNS = '198503122010011003';
// 15 January 1990 · appointed 2023 · first agreement · male · sequence 001
const PPPK = '199001152023011001';

/** Replaces the digits of a valid NIP from `at` (1-based, as people count NIP digits). */
function withDigits(base: string, at: number, digits: string): string {
  return base.slice(0, at - 1) + digits + base.slice(at - 1 + digits.length);
}

type Row = [what: string, raw: string, category: Category, gender: 'L' | 'P' | null, error: string | null];

const rows: Row[] = [
  // shape: a "NIP"/"NIP." label, spaces, dots and dashes are stripped, then 18 digits exactly
  ['a valid PNS NIP', PNS, 'PNS', null, null],
  ['spaces as printed on letters', '19850312 201001 1 003', 'PNS', 'L', null],
  ['dots from a SIMPEG export', '19850312.201001.1.003', 'PNS', 'L', null],
  ['tabs and a non-breaking space', '19850312\t201001\u00a01 003', 'PNS', null, null],
  ['an empty NIP', '', 'PNS', null, 'nip.required'],
  ['only spaces', '   ', 'PPPK', null, 'nip.required'],
  ['letters in it', '1985031220100110AB', 'PNS', null, 'nip.digits'],
  ['dashes between the groups', '19850312-201001-1-003', 'PNS', null, null],
  ['pasted from a letter, "NIP." label', 'NIP. 19850312 201001 1 003', 'PNS', 'L', null],
  ['a lower-case label with a colon', 'nip: 19850312 201001 1 003', 'PNS', null, null],
  ['a label glued to the digits', 'NIP.198503122010011003', 'PNS', null, null],
  ['a label and dashes', 'Nip 19850312-201001-1-003', 'PPPK', null, 'nip.pppk_before_2019'],
  ['a label before too few digits', 'NIP. 19850312 201001', 'PNS', null, 'nip.length'],
  ['a label in the middle', '19850312 NIP 201001 1 003', 'PNS', null, 'nip.digits'],
  ['17 digits', PNS.slice(0, 17), 'PNS', null, 'nip.length'],
  ['19 digits', `${PNS}1`, 'PNS', null, 'nip.length'],
  // digits 1-8: a real birth date
  ['30 February', withDigits(PNS, 1, '19850230'), 'PNS', null, 'nip.birth_date'],
  ['29 February of a leap year', withDigits(PNS, 1, '19840229'), 'PNS', null, null],
  ['29 February of a common year', withDigits(PNS, 1, '19850229'), 'PNS', null, 'nip.birth_date'],
  ['birth month 00', withDigits(PNS, 1, '19850012'), 'PNS', null, 'nip.birth_date'],
  ['birth month 13', withDigits(PNS, 1, '19851312'), 'PNS', null, 'nip.birth_date'],
  ['birth day 00', withDigits(PNS, 1, '19850300'), 'PNS', null, 'nip.birth_date'],
  ['birth day 31 of a 30-day month', withDigits(PNS, 1, '19850431'), 'PNS', null, 'nip.birth_date'],
  // digits 1-8: aged 18 to 70 today (2026-11-23)
  ['birth year 1899', withDigits(PNS, 1, '18991231'), 'PNS', null, 'nip.too_old'],
  ['born in 1900', withDigits(PNS, 1, '19000101'), 'PNS', null, 'nip.too_old'],
  ['turned 71 today', withDigits(PNS, 1, '19551123'), 'PNS', null, 'nip.too_old'],
  ['70, turning 71 tomorrow', withDigits(PNS, 1, '19551124'), 'PNS', null, null],
  ['turned 18 today', withDigits(withDigits(PNS, 1, '20081123'), 9, '202611'), 'PNS', null, null],
  ['17, turning 18 tomorrow', withDigits(withDigits(PNS, 1, '20081124'), 9, '202612'), 'PNS', null, 'nip.too_young'],
  ['born today', withDigits(withDigits(PNS, 1, '20261123'), 9, '202611'), 'PNS', null, 'nip.too_young'],
  ['born tomorrow', withDigits(withDigits(PNS, 1, '20261124'), 9, '202611'), 'PNS', null, 'nip.too_young'],
  // digits 9-14 (PNS): TMT CPNS year-month, month 01-12, at 18 or older, not far ahead
  ['TMT month 00', withDigits(PNS, 13, '00'), 'PNS', null, 'nip.tmt'],
  ['TMT month 13', withDigits(PNS, 13, '13'), 'PNS', null, 'nip.tmt'],
  ['TMT month 01', withDigits(PNS, 13, '01'), 'PNS', null, null],
  ['TMT month 12', withDigits(PNS, 13, '12'), 'PNS', null, null],
  ['TMT next year', withDigits(PNS, 9, '202701'), 'PNS', null, null],
  ['TMT two years ahead', withDigits(PNS, 9, '202801'), 'PNS', null, 'nip.tmt'],
  ['TMT the month before birth', withDigits(PNS, 9, '198502'), 'PNS', null, 'nip.tmt_under_18'],
  ['TMT in the birth month (age 0)', withDigits(PNS, 9, '198503'), 'PNS', null, 'nip.tmt_under_18'],
  ['TMT at 17', withDigits(PNS, 9, '200212'), 'PNS', null, 'nip.tmt_under_18'],
  ['TMT the month before the 18th birthday', withDigits(PNS, 9, '200302'), 'PNS', null, 'nip.tmt_under_18'],
  ['TMT in the month of the 18th birthday', withDigits(PNS, 9, '200303'), 'PNS', null, null],
  ['CPNS appointed at 17', withDigits(PNS, 9, '200301'), 'CPNS', null, 'nip.tmt_under_18'],
  ['CPNS use the PNS layout', withDigits(PNS, 13, '13'), 'CPNS', null, 'nip.tmt'],
  // digit 15: gender, agreeing with the gender given
  ['gender digit 0', withDigits(PNS, 15, '0'), 'PNS', null, 'nip.gender_digit'],
  ['gender digit 3', withDigits(PNS, 15, '3'), 'PNS', null, 'nip.gender_digit'],
  ['a male NIP for a woman', PNS, 'PNS', 'P', 'nip.gender_mismatch'],
  ['a male NIP for a man', PNS, 'PNS', 'L', null],
  ['a female NIP for a woman', withDigits(PNS, 15, '2'), 'PNS', 'P', null],
  ['a female NIP for a man', withDigits(PNS, 15, '2'), 'PNS', 'L', 'nip.gender_mismatch'],
  // digits 16-18: sequence
  ['sequence 000', withDigits(PNS, 16, '000'), 'PNS', null, 'nip.sequence'],
  ['sequence 001', withDigits(PNS, 16, '001'), 'PNS', null, null],
  ['sequence 999', withDigits(PNS, 16, '999'), 'PNS', null, null],
  // NI PPPK: birth date · appointment year · agreement count · gender · sequence
  ['a valid NI PPPK', PPPK, 'PPPK', 'L', null],
  ['a valid NI PPPK paruh waktu', PPPK, 'PPPK_PW', null, null],
  ['NI PPPK with 30 February', withDigits(PPPK, 1, '19900230'), 'PPPK', null, 'nip.birth_date'],
  ['PPPK year before birth', withDigits(PPPK, 9, '1989'), 'PPPK', null, 'nip.pppk_before_2019'],
  ['PPPK appointed 2018, before PPPK existed', withDigits(PPPK, 9, '2018'), 'PPPK', null, 'nip.pppk_before_2019'],
  ['PPPK paruh waktu appointed 2010', withDigits(PPPK, 9, '2010'), 'PPPK_PW', null, 'nip.pppk_before_2019'],
  ['PPPK appointed 2019', withDigits(PPPK, 9, '2019'), 'PPPK', null, null],
  ['PPPK appointed the year before turning 18', withDigits(withDigits(PPPK, 1, '20030115'), 9, '2020'), 'PPPK', null, 'nip.pppk_under_18'],
  ['PPPK appointed in the year of the 18th birthday', withDigits(withDigits(PPPK, 1, '20030115'), 9, '2021'), 'PPPK', null, null],
  ['NI PPPK of a 17-year-old', withDigits(withDigits(PPPK, 1, '20090101'), 9, '2026'), 'PPPK', null, 'nip.too_young'],
  ['PPPK year two years ahead', withDigits(PPPK, 9, '2028'), 'PPPK', null, 'nip.pppk_year'],
  ['PPPK agreement 00', withDigits(PPPK, 13, '00'), 'PPPK', null, 'nip.pppk_agreement'],
  ['PPPK agreement 99', withDigits(PPPK, 13, '99'), 'PPPK', null, null],
  ['PPPK month-like 13 is an agreement count, not a month', withDigits(PPPK, 13, '13'), 'PPPK', null, null],
  ['PPPK gender digit 3', withDigits(PPPK, 15, '3'), 'PPPK', null, 'nip.gender_digit'],
  ['PPPK gender mismatch', PPPK, 'PPPK', 'P', 'nip.gender_mismatch'],
  ['PPPK sequence 000', withDigits(PPPK, 16, '000'), 'PPPK', null, 'nip.sequence'],
  ['PPPK 17 digits', PPPK.slice(1), 'PPPK', null, 'nip.length'],
  // Non-ASN: the employer's own number, checked for shape only
  ['a non-ASN number', 'NA-000123', 'NON_ASN', 'P', null],
  ['a non-ASN number with an underscore', 'NA_000123', 'NON_ASN', null, 'nip.other_format'],
  ['a non-ASN number of 31 characters', 'A'.repeat(31), 'NON_ASN', null, 'nip.other_format'],
  ['an empty non-ASN number', ' ', 'NON_ASN', null, 'nip.required'],
];

/** What each message must name, in Indonesian and in English: the part that is wrong. */
const names: Record<string, [id: string, en: string]> = {
  'nip.required': ['wajib', 'required'],
  'nip.digits': ['angka', 'digits'],
  'nip.length': ['18 digit', '18 digits'],
  'nip.birth_date': ['Digit 1–8', 'digits 1–8'],
  'nip.tmt': ['Digit 9–14', 'digits 9–14'],
  'nip.too_young': ['Digit 1–8', 'digits 1–8'],
  'nip.too_old': ['Digit 1–8', 'digits 1–8'],
  'nip.tmt_under_18': ['Digit 9–14', 'digits 9–14'],
  'nip.pppk_under_18': ['Digit 9–12', 'digits 9–12'],
  'nip.pppk_before_2019': ['Digit 9–12', 'digits 9–12'],
  'nip.pppk_year': ['Digit 9–12', 'digits 9–12'],
  'nip.pppk_agreement': ['Digit 13–14', 'digits 13–14'],
  'nip.gender_digit': ['Digit 15', 'digit 15'],
  'nip.gender_mismatch': ['jenis kelamin', 'gender'],
  'nip.sequence': ['Digit 16–18', 'digits 16–18'],
  'nip.other_format': ['non-ASN', 'Non-ASN'],
};

describe('validateNip', () => {
  it.each(rows)('%s', (_what, raw, category, gender, error) => {
    const result = validateNip(raw, category, gender, TODAY);
    if (error === null) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toEqual({ ok: false, error });
    }
  });

  it.each(Object.entries(names))('explains %s in Indonesian and English', (key, [id, en]) => {
    expect(t('id', key)).toContain(id);
    expect(t('en', key)).toContain(en);
    expect(t('id', key)).not.toBe(t('en', key));
  });

  it('covers every message with at least one table row', () => {
    const used = new Set(rows.map((r) => r[4]).filter(Boolean));
    expect([...used].sort()).toEqual(Object.keys(names).sort());
  });

  it('returns the stripped NIP, the birth date and the gender from digit 15', () => {
    expect(validateNip('19850312 201001 2 003', 'PNS', null, TODAY)).toEqual({
      ok: true,
      nip: '198503122010012003',
      birthDate: '1985-03-12',
      gender: 'P',
    });
  });

  it('upper-cases a non-ASN number so one person cannot be stored twice', () => {
    expect(validateNip('na-12', 'NON_ASN', 'L', TODAY)).toMatchObject({ ok: true, nip: 'NA-12' });
  });

  it('accepts what makeNip builds and prints it in groups', () => {
    const nip = makeNip({ layout: 'pns', birthDate: '1979-08-17', start: '200503', gender: 'P', sequence: 1000 });
    expect(validateNip(nip, 'PNS', 'P', TODAY)).toMatchObject({ ok: true });
    expect(formatNip(nip)).toBe('19790817 200503 2 001');
    const pppk = makeNip({ layout: 'pppk', birthDate: '1995-02-28', start: '2024', gender: 'L', sequence: 7, agreement: 2 });
    expect(pppk).toBe('199502282024021007');
    expect(validateNip(pppk, 'PPPK', 'L', TODAY)).toMatchObject({ ok: true });
  });

  it('takes "today" from the app clock when no day is given', () => {
    const seventeen = withDigits(withDigits(PNS, 1, '20081124'), 9, '202612');
    try {
      Settings.now = () => Date.parse('2026-11-23T12:00:00Z');
      expect(validateNip(seventeen, 'PNS')).toEqual({ ok: false, error: 'nip.too_young' });
      Settings.now = () => Date.parse('2026-11-24T12:00:00Z');
      expect(validateNip(seventeen, 'PNS')).toMatchObject({ ok: true });
    } finally {
      Settings.now = () => Date.now();
    }
  });
});

describe('normalizeNip', () => {
  it.each([
    ['NIP. 19870315 201401 1 555', '198703152014011555'],
    ['nip.19870315.201401.1.555', '198703152014011555'],
    ['NIP: 19870315-201401-1-555', '198703152014011555'],
    ['19870315 - 201401 - 1 - 555', '198703152014011555'],
    // as the report CSV writes it for spreadsheets
    ['="198703152014011555"', '198703152014011555'],
    // a non-ASN staff number keeps its dashes, so it is still found
    ['NA-000123', 'NA-000123'],
    ['2024-001', '2024-001'],
    ['NIPA-7', 'NIPA-7'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeNip(raw)).toBe(expected);
  });
});
