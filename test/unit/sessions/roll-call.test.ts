import { ValidationError } from '../../../src/http/errors';
import type { ExpectedAttendee } from '../../../src/features/sessions/expected';
import { sniffImage } from '../../../src/features/sessions/photo';
import { rollCallChanges, validateRollCall } from '../../../src/features/sessions/roll-call';
import { attendanceFromForm, fieldMap } from '../../../src/features/sessions/sessions.schema';

const person = (id: number, absence: ExpectedAttendee['absence'] = null): ExpectedAttendee => ({
  id,
  nip: `NIP${id}`,
  name: `Orang ${id}`,
  position: null,
  category: 'PNS',
  absence,
});

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('validateRollCall', () => {
  const expected = [person(1), person(2, { id: 9, status: 'DL', cuti_type: null, document_ref: 'ST/1' }), person(3)];

  it('returns one clean row per expected attendee, linking a row that follows its planned absence', () => {
    const rows = validateRollCall(expected, [
      { employeeId: 1, status: 'h' },
      { nip: 'NIP2', status: 'DL' },
      { employeeId: 3, status: 'C', cutiType: 'tahunan', note: '  SK 4  ' },
    ]);
    expect(rows).toEqual([
      { employeeId: 1, status: 'H', cuti_type: null, note: null, planned_absence_id: null },
      { employeeId: 2, status: 'DL', cuti_type: null, note: null, planned_absence_id: 9 },
      { employeeId: 3, status: 'C', cuti_type: 'tahunan', note: 'SK 4', planned_absence_id: null },
    ]);
  });

  it('names every bad row: not expected, unknown, missing, duplicate, cuti type without C', () => {
    const fields = errorsOf(() =>
      validateRollCall(
        expected,
        [
          { employeeId: 1, status: 'XX' },
          { employeeId: 1, status: 'H' },
          { employeeId: 3, status: 'S', cutiType: 'tahunan' },
          { nip: 'ASING', status: 'H' },
          { employeeId: 77, status: 'H' },
        ],
      ),
    );
    expect(fields).toEqual({
      'attendance.NIP1': 'sessions.errors.unknown_status|NIP1',
      'attendance.NIP2': 'sessions.errors.missing_status|NIP2',
      'attendance.NIP3': 'sessions.errors.cuti_invalid|NIP3',
      'attendance.ASING': 'sessions.errors.not_expected|ASING',
      'attendance.id:77': 'sessions.errors.not_expected_id|77',
    });
  });

  it('refuses an empty status and a duplicate row', () => {
    const fields = errorsOf(() => validateRollCall([person(1), person(2)], [{ employeeId: 1, status: ' ' }, { employeeId: 2, status: 'H' }, { nip: 'NIP2', status: 'TK' }]));
    expect(fields).toEqual({ 'attendance.NIP1': 'sessions.errors.missing_status|NIP1', 'attendance.NIP2': 'sessions.errors.duplicate|NIP2' });
  });
});

describe('rollCallChanges', () => {
  it('lists only the exceptions on a first save and every changed row later', () => {
    const rows = [
      { employeeId: 1, status: 'H' as const, cuti_type: null, note: null, planned_absence_id: null },
      { employeeId: 2, status: 'TK' as const, cuti_type: null, note: null, planned_absence_id: null },
    ];
    const nip = (id: number) => `N${id}`;
    expect(rollCallChanges(new Map(), rows, nip, [])).toEqual([{ employee_id: 2, nip: 'N2', from: null, to: 'TK' }]);
    const before = new Map([
      [1, { employee_id: 1, status: 'S', cuti_type: null, note: null, planned_absence_id: null }],
      [2, { employee_id: 2, status: 'TK', cuti_type: null, note: null, planned_absence_id: null }],
      [5, { employee_id: 5, status: 'C', cuti_type: 'besar', note: null, planned_absence_id: null }],
    ]);
    expect(rollCallChanges(before, rows, nip, [5])).toEqual([
      { employee_id: 1, nip: 'N1', from: 'S', to: 'H' },
      { employee_id: 5, nip: 'N5', from: 'C:besar', to: null },
    ]);
  });
});

describe('the form fields of the roll-call', () => {
  it('reads status[<id>] as a literal key (urlencoded) or nested by multer, and splits C:<type>', () => {
    const literal = { 'status[12]': 'C:tahunan', 'note[12]': 'SK 1', 'status[7]': 'H' };
    const sparse: string[] = [];
    sparse[12] = 'C:tahunan';
    sparse[7] = 'H';
    const nested = { status: sparse, note: { 12: 'SK 1' } };
    for (const body of [literal, nested]) {
      expect(attendanceFromForm(body).sort((a, b) => a.employeeId! - b.employeeId!)).toEqual([
        { employeeId: 7, status: 'H', cutiType: null, note: undefined },
        { employeeId: 12, status: 'C', cutiType: 'tahunan', note: 'SK 1' },
      ]);
    }
    expect([...fieldMap({ 'status[0]': 'H', 'status[x]': 'H', status: { '-1': 'H' } }, 'status')]).toEqual([]);
  });
});

describe('sniffImage', () => {
  it('knows JPEG, PNG and WebP by their first bytes and nothing else', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe('image/jpeg');
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe('image/png');
    expect(sniffImage(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    expect(sniffImage(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeNull();
  });
});
