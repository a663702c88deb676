import type { OpdPeriod } from '../../../src/db/database';
import { matchColumns, parseCategory, parseGender } from '../../../src/features/imports/columns';
import { buildPlan, type Snapshot } from '../../../src/features/imports/plan';
import { detectDelimiter, detectKind, readCsv } from '../../../src/features/imports/read-table';

describe('import headers', () => {
  it.each([
    [['NIP', 'Nama', 'Jabatan', 'Golongan', 'Kode Unit', 'Jenis Pegawai', 'Jenis Kelamin']],
    [['nip', 'NAME', 'Position', 'Rank', 'Unit code', 'Category', 'Gender']],
    [[' N.I.P ', 'Nama Lengkap', 'Nama Jabatan', 'Pangkat/Golongan', 'Unit Kerja', 'Kategori', 'L/P']],
    [['NIP/NI PPPK', 'nama pegawai', 'JABATAN', 'Pangkat', 'unit', 'Status Pegawai', 'JK']],
  ])('finds every column in %j', (header) => {
    const { index, missing } = matchColumns(header);
    expect(missing).toEqual([]);
    expect(index).toEqual({ nip: 0, name: 1, position: 2, rank: 3, unit: 4, category: 5, gender: 6 });
  });

  it('prefers a unit code column over a unit name column, whatever the order', () => {
    expect(matchColumns(['NIP', 'Nama', 'Unit Kerja', 'Kode Unit', 'Jenis Pegawai']).index.unit).toBe(3);
  });

  it('names the required columns that are missing', () => {
    expect(matchColumns(['NIP', 'Jabatan', 'Golongan']).missing).toEqual(['name', 'unit', 'category']);
  });
});

describe('category and gender spellings', () => {
  it.each([
    ['PNS', 'PNS'],
    ['pns', 'PNS'],
    ['Pegawai Negeri Sipil', 'PNS'],
    ['CPNS', 'CPNS'],
    ['Calon PNS', 'CPNS'],
    ['PPPK', 'PPPK'],
    ['P3K', 'PPPK'],
    ['PPPK Paruh Waktu', 'PPPK_PW'],
    ['pppk-pw', 'PPPK_PW'],
    ['PPPK_PW', 'PPPK_PW'],
    ['Non-ASN', 'NON_ASN'],
    ['non asn', 'NON_ASN'],
    ['Honorer', 'NON_ASN'],
    ['Tentara', null],
    ['', null],
  ])('%s is %s', (value, expected) => {
    expect(parseCategory(value)).toBe(expected);
  });

  it.each([
    ['L', 'L'],
    ['Laki-laki', 'L'],
    ['laki laki', 'L'],
    ['Pria', 'L'],
    ['M', 'L'],
    ['Male', 'L'],
    ['P', 'P'],
    ['Perempuan', 'P'],
    ['Wanita', 'P'],
    ['F', 'P'],
    ['female', 'P'],
    ['X', null],
  ])('%s is %s', (value, expected) => {
    expect(parseGender(value)).toBe(expected);
  });
});

describe('reading files', () => {
  it('detects the separator outside quotes', () => {
    expect(detectDelimiter('NIP;Nama;Unit\n1;2;3')).toBe(';');
    expect(detectDelimiter('NIP,"Nama; lengkap",Unit')).toBe(',');
    expect(detectDelimiter('\n\n"a;b;c",x,y')).toBe(',');
  });

  it('types files by extension and content', () => {
    expect(detectKind('a.CSV', Buffer.from('NIP'))).toBe('csv');
    expect(detectKind('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(() => detectKind('a.xlsx', Buffer.from('NIP'))).toThrow('imports.errors.not_xlsx');
    expect(() => detectKind('a.csv', Buffer.from([0x4e, 0, 0x50]))).toThrow('imports.errors.not_csv');
    expect(() => detectKind('a.pdf', Buffer.from('%PDF'))).toThrow('imports.errors.type');
    expect(() => detectKind('a.csv', Buffer.alloc(0))).toThrow('imports.errors.empty');
  });

  it('keeps line numbers as an editor shows them: BOM, blank lines, quoted line breaks', async () => {
    const table = await readCsv(Buffer.from('\ufeffNIP;Nama\r\n1;"dua\r\nbaris"\r\n\r\n3;=SUM(A1:A2)\r\n'));
    expect(table.header).toEqual(['NIP', 'Nama']);
    expect(table.rows.map((r) => [r.line, r.cells])).toEqual([
      [2, ['1', 'dua\r\nbaris']],
      [5, ['3', '=SUM(A1:A2)']],
    ]);
  });

  it('refuses a CSV that is not UTF-8', async () => {
    await expect(readCsv(Buffer.from('NIP;Nama\n1;Jos\xe9', 'latin1'))).rejects.toThrow('imports.errors.not_utf8');
  });
});

describe('buildPlan', () => {
  const opds: OpdPeriod[] = [
    { id: 1, code: 'A', name: 'Dinas A', active_from: '2020-01-01', active_to: null },
    { id: 2, code: 'B', name: 'Dinas B', active_from: '2020-01-01', active_to: null },
  ];
  const NIP = '198503122010011003';
  const base: Snapshot = {
    id: 10,
    nip: NIP,
    name: 'Budi',
    gender: 'L',
    category: 'PNS',
    position: null,
    rank: 'III/a',
    active_to: null,
    assignment_id: 100,
    assignment_start: '2020-01-01',
    opd_id: 1,
  };
  const ctx = (existing: Snapshot[] = [], effectiveDate = '2026-12-01') => ({
    opds,
    existing: new Map(existing.map((e) => [e.nip, e])),
    effectiveDate,
    scopeOpdId: null,
    today: '2026-11-23',
  });
  const row = (over: Record<string, string | number> = {}) => ({ line: 2, nip: NIP, name: 'Budi', unit: 'A', category: 'PNS', ...over });

  it('takes the gender from the NIP when the file has no gender column', async () => {
    const plan = await buildPlan([row()], ctx());
    expect(plan.creates).toMatchObject([{ nip: NIP, gender: 'L', opdId: 1 }]);
  });

  it('keeps stored position and rank when the file lacks those columns', async () => {
    expect((await buildPlan([row()], ctx([base]))).unchanged).toBe(1);
    const cleared = await buildPlan([row({ rank: '' })], ctx([base]));
    expect(cleared.updates[0].changes).toEqual([{ field: 'rank', from: 'III/a', to: null }]);
  });

  it('moves, replaces a same-day assignment, or refuses one that starts later', async () => {
    expect((await buildPlan([row({ unit: 'b' })], ctx([base]))).updates[0]).toMatchObject({ unit: 'move', opdId: 2, changes: [{ field: 'opd', from: 'A', to: 'B' }] });
    const sameDay = { ...base, assignment_start: '2026-12-01' };
    expect((await buildPlan([row({ unit: 'Dinas B' })], ctx([sameDay]))).updates[0].unit).toBe('replace');
    const later = { ...base, assignment_start: '2027-01-04' };
    expect((await buildPlan([row({ unit: 'B' })], ctx([later]))).rejected[0].reasons).toEqual([
      { key: 'imports.reasons.later_assignment', vars: { date: '2027-01-04' } },
    ]);
  });

  it('brings back someone who had left, and lists who is missing from the file', async () => {
    const left = { ...base, active_to: '2025-12-31' };
    const other = { ...base, id: 11, nip: '199001152015032001', name: 'Sari', gender: 'P' as const };
    const plan = await buildPlan([row()], ctx([left, other]));
    expect(plan.updates[0]).toMatchObject({ reactivate: true, changes: [{ field: 'status', from: 'inactive', to: 'active' }] });
    expect(plan.absent.map((e) => e.nip)).toEqual([other.nip]);
  });

  it('gives every reason of a bad row at once', async () => {
    const plan = await buildPlan([row({ name: '', unit: 'Z', category: 'X', gender: '?' })], ctx());
    expect(plan.rejected[0].reasons.map((r) => r.key)).toEqual([
      'imports.reasons.missing_name',
      'imports.reasons.bad_category',
      'imports.reasons.bad_gender',
      'imports.reasons.unknown_unit',
    ]);
  });

  it('reads 1,98503E+17 as a NIP Excel destroyed', async () => {
    expect((await buildPlan([row({ nip: '1,98503E+17' })], ctx())).rejected[0].reasons).toEqual([{ key: 'imports.reasons.nip_number', vars: undefined }]);
  });
});
