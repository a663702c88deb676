import { MAX_LINES, parseAbsenceCsv, parseCsvDate, parseCutiType, parseStatus } from '../../../src/features/absences/absences.csv';
import { suggestedHolidays } from '../../../src/features/holidays/date-holidays';

describe('parseAbsenceCsv', () => {
  it('matches Indonesian and English headers in any case, with ; or , and a BOM', async () => {
    const id = await parseAbsenceCsv('\uFEFFNIP;Tanggal Mulai;TANGGAL_SELESAI;Kode;No. Surat;Keterangan\n1;2026-01-01;2026-01-02;DL;A/1;rapat\n');
    expect(id).toEqual({ ok: true, lines: [{ line: 2, nip: '1', from: '2026-01-01', to: '2026-01-02', status: 'DL', cuti_type: '', reference: 'A/1', note: 'rapat' }] });
    const en = await parseAbsenceCsv('nip,start date,end-date,status,document ref,leave type\n2,2026-01-01,2026-01-02,C,B/2,annual\n');
    expect(en.ok && en.lines[0]).toMatchObject({ nip: '2', to: '2026-01-02', reference: 'B/2', cuti_type: 'annual' });
  });

  it('keeps file line numbers across blank lines and CRLF', async () => {
    const r = await parseAbsenceCsv('nip;dari;sampai;status;nomor surat\r\n\r\n1;a;b;c;d\r\n;;;;\r\n2;a;b;c;d\r\n');
    expect(r.ok && r.lines.map((l) => l.line)).toEqual([3, 5]);
  });

  it('names the missing required columns and refuses empty or oversized files', async () => {
    expect(await parseAbsenceCsv('nip;status\n1;DL')).toEqual({ ok: false, error: 'absences.import.missing_columns|from, to, reference' });
    expect(await parseAbsenceCsv('')).toEqual({ ok: false, error: 'absences.import.empty' });
    expect(await parseAbsenceCsv('nip;dari;sampai;status;nomor surat\n')).toEqual({ ok: false, error: 'absences.import.empty' });
    const many = 'nip;dari;sampai;status;nomor surat\n' + '1;a;b;c;d\n'.repeat(MAX_LINES + 1);
    expect(await parseAbsenceCsv(many)).toEqual({ ok: false, error: `absences.import.too_many|${MAX_LINES}` });
  });

  it('reports an unclosed quote with its line', async () => {
    expect(await parseAbsenceCsv('nip;dari;sampai;status;nomor surat\n1;a;b;c;"d\n')).toEqual({ ok: false, error: 'absences.import.unreadable|2' });
  });
});

describe('cell parsers', () => {
  it.each([
    ['2026-11-23', '2026-11-23'],
    ['2026-1-5', '2026-01-05'],
    ['23/11/2026', '2026-11-23'],
    ['5-1-2026', '2026-01-05'],
    ['05.01.2026', '2026-01-05'],
    ['2026-02-29', null],
    ['11/23/2026', null],
    ['kemarin', null],
    ['', null],
  ])('parseCsvDate(%p) = %p', (input, expected) => {
    expect(parseCsvDate(input)).toBe(expected);
  });

  it.each([
    ['dl', 'DL'],
    ['CLTN', 'CLTN'],
    ['Dinas Luar', 'DL'],
    ['tugas_belajar', 'TB'],
    ['ijin', 'I'],
    ['H', null],
    ['TK', null],
  ])('parseStatus(%p) = %p', (input, expected) => {
    expect(parseStatus(input)).toBe(expected);
  });

  it('reads cuti types, blank as none and unknown as undefined', () => {
    expect(parseCutiType('Alasan Penting')).toBe('alasan_penting');
    expect(parseCutiType('cuti tahunan')).toBe('tahunan');
    expect(parseCutiType('')).toBeNull();
    expect(parseCutiType('liburan')).toBeUndefined();
  });
});

describe('suggestedHolidays (date-holidays)', () => {
  it("gives one row per date of the year's public holidays, names joined on shared dates", () => {
    const list = suggestedHolidays(2027);
    const dates = list.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.every((d) => d.startsWith('2027-'))).toBe(true);
    expect(dates).toEqual([...dates].sort());
    expect(list.find((h) => h.date === '2027-08-17')?.name).toMatch(/Kemerdekaan/);
    expect(list.find((h) => h.date === '2027-01-01')).toBeDefined();
  });
});
