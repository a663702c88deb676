import type { Category } from '../../db/database';
import type { RawRow, Table } from './read-table';

export const FIELDS = ['nip', 'name', 'position', 'rank', 'unit', 'category', 'gender'] as const;
export type Field = (typeof FIELDS)[number];
export const REQUIRED: Field[] = ['nip', 'name', 'unit', 'category'];

/*
 * Header names seen in SIMPEG / SAPK exports and hand-made sheets, Indonesian and English,
 * compared without case, spaces or punctuation. Earlier names win when a file has several
 * (a "Kode Unit" column beats a "Unit Kerja" name column).
 */
const HEADERS: Record<Field, string[]> = {
  nip: ['nip', 'nipnipppk', 'nipbaru', 'nipppk', 'nomorindukpegawai', 'employeenumber', 'employeeid'],
  name: ['nama', 'name', 'namalengkap', 'namapegawai', 'fullname', 'employeename'],
  position: ['jabatan', 'position', 'namajabatan', 'jobtitle'],
  rank: ['golongan', 'pangkat', 'rank', 'pangkatgolongan', 'golonganpangkat', 'golonganruang', 'golruang', 'gol', 'grade'],
  unit: ['kodeunit', 'kodeunitkerja', 'unitcode', 'kodeopd', 'kodesatker', 'unitkerja', 'unit', 'opd', 'satuankerja', 'satker'],
  category: ['jenispegawai', 'kategori', 'category', 'statuspegawai', 'statuskepegawaian', 'employeetype', 'jenis'],
  gender: ['jeniskelamin', 'gender', 'jk', 'lp', 'sex', 'kelamin'],
};

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');

export interface ColumnMap {
  index: Partial<Record<Field, number>>;
  missing: Field[];
}

export function matchColumns(header: string[]): ColumnMap {
  const keys = header.map(squash);
  const index: Partial<Record<Field, number>> = {};
  const used = new Set<number>();
  for (const field of FIELDS) {
    for (const name of HEADERS[field]) {
      const i = keys.findIndex((k, j) => k === name && !used.has(j));
      if (i >= 0) {
        index[field] = i;
        used.add(i);
        break;
      }
    }
  }
  return { index, missing: REQUIRED.filter((f) => index[f] === undefined) };
}

/** One data row by field; an optional column the file lacks is undefined ("keep what is stored"). */
export interface ImportRecord {
  line: number;
  nip: string;
  name: string;
  unit: string;
  category: string;
  position?: string;
  rank?: string;
  gender?: string;
  /** The NIP cell was a spreadsheet number too long to keep its digits. */
  nipLossy?: boolean;
}

export function toRecords(table: Table, map: ColumnMap): ImportRecord[] {
  const cell = (row: RawRow, f: Field) => {
    const i = map.index[f];
    return i === undefined ? undefined : (row.cells[i] ?? '').trim();
  };
  return table.rows.map((row) => {
    const r: ImportRecord = {
      line: row.line,
      nip: cell(row, 'nip') ?? '',
      name: cell(row, 'name') ?? '',
      unit: cell(row, 'unit') ?? '',
      category: cell(row, 'category') ?? '',
    };
    for (const f of ['position', 'rank', 'gender'] as const) {
      const v = cell(row, f);
      if (v !== undefined) r[f] = v;
    }
    if (map.index.nip !== undefined && row.lossy.includes(map.index.nip)) r.nipLossy = true;
    return r;
  });
}

const CATEGORY_WORDS: Record<string, Category> = {
  PNS: 'PNS',
  PEGAWAINEGERISIPIL: 'PNS',
  ASNPNS: 'PNS',
  CPNS: 'CPNS',
  CALONPNS: 'CPNS',
  CALONPEGAWAINEGERISIPIL: 'CPNS',
  PPPK: 'PPPK',
  ASNPPPK: 'PPPK',
  PPPKPENUHWAKTU: 'PPPK',
  P3K: 'PPPK',
  PPPKPW: 'PPPK_PW',
  PPPKPARUHWAKTU: 'PPPK_PW',
  PARUHWAKTU: 'PPPK_PW',
  PPPKPARTTIME: 'PPPK_PW',
  P3KPARUHWAKTU: 'PPPK_PW',
  NONASN: 'NON_ASN',
  NONPNS: 'NON_ASN',
  HONORER: 'NON_ASN',
  TENAGAHONORER: 'NON_ASN',
  PTT: 'NON_ASN',
  THL: 'NON_ASN',
  TKK: 'NON_ASN',
  KONTRAK: 'NON_ASN',
};

/** "PPPK Paruh Waktu", "pppk-pw", "Non ASN", "Honorer"… to a category; null when unknown. */
export function parseCategory(value: string): Category | null {
  return CATEGORY_WORDS[value.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '')] ?? null;
}

const GENDER_WORDS: Record<string, 'L' | 'P'> = {
  L: 'L',
  LK: 'L',
  LAKILAKI: 'L',
  PRIA: 'L',
  M: 'L',
  MALE: 'L',
  P: 'P',
  PR: 'P',
  PEREMPUAN: 'P',
  WANITA: 'P',
  W: 'P',
  F: 'P',
  FEMALE: 'P',
};

/** L/P, Laki-laki/Perempuan, M/F…; null when unknown. */
export function parseGender(value: string): 'L' | 'P' | null {
  return GENDER_WORDS[value.normalize('NFKC').toUpperCase().replace(/[^A-Z]/g, '')] ?? null;
}
