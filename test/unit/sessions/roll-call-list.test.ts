import type { ExpectedAttendee } from '../../../src/features/sessions/expected';
import { mergeRollCall } from '../../../src/features/sessions/roll-call';
import { matchesQuery, rollData, rollEntries, rollView, ROLL_PAGE_SIZE } from '../../../src/features/sessions/roll-call-list';
import type { SavedRow } from '../../../src/features/sessions/sessions.repository';
import { translator } from '../../../src/i18n/t';

const t = translator('id');
const person = (id: number, absence: ExpectedAttendee['absence'] = null): ExpectedAttendee => ({
  id,
  nip: `19800101200001${String(id).padStart(4, '0')}`,
  name: `Pegawai ${String(id).padStart(4, '0')}`,
  position: null,
  category: 'PNS',
  absence,
});
const saved = (employee_id: number, status: string, note: string | null = null, cuti_type: string | null = null) =>
  [employee_id, { employee_id, status, cuti_type, note, planned_absence_id: null } as SavedRow] as const;

describe('the editable roll-call list', () => {
  const cuti = { id: 70, status: 'C' as const, cuti_type: 'tahunan', document_ref: 'SK/9' };
  const unit = Array.from({ length: 120 }, (_, i) => person(i + 1, i === 99 ? cuti : null));

  it('puts what needs attention first, in words, and keeps everyone else in the list order', () => {
    const entries = rollEntries({ expected: unit, saved: new Map([saved(50, 'S'), saved(7, 'H')]), flagged: new Map([[80, 4]]) }, t);
    expect(entries.slice(0, 3).map((e) => [e.id, e.why])).toEqual([
      [50, 'Tersimpan: Sakit'],
      [80, 'Ditandai: TK 4× tahun ini'],
      [100, 'Terencana: Cuti tahunan · SK/9'],
    ]);
    expect(entries[3].id).toBe(1);
    expect(entries).toHaveLength(120);
    expect(entries.find((e) => e.id === 100)!.value).toBe('C:tahunan');
  });

  it('puts rows to fix before the rest of what needs attention, and shows what the user typed', () => {
    const nip = unit[10].nip;
    const entries = rollEntries(
      { expected: unit, saved: new Map([saved(50, 'S')]), flagged: new Map(), statuses: new Map([[11, 'TK'], [12, 'XX']]), errors: { [`attendance.${nip}`]: 'salah' } },
      t,
    );
    expect(entries[0]).toMatchObject({ id: 11, value: 'TK', error: 'salah', dirty: true });
    // An unknown value shows the stored one, so some radio is always checked.
    expect(entries.find((e) => e.id === 12)).toMatchObject({ value: 'H', dirty: false });
  });

  it('counts the whole unit, pages the matches and carries changed rows that are not on the page', () => {
    const entries = rollEntries({ expected: unit, saved: new Map(), flagged: new Map(), statuses: new Map([[3, 'S'], [110, 'TK']]) }, t);
    const view = rollView(entries, '', 1);
    expect(view.counts).toMatchObject({ H: 117, S: 1, TK: 1, C: 1 });
    expect(view.shown).toHaveLength(ROLL_PAGE_SIZE);
    expect(view.at.pages).toBe(Math.ceil(120 / ROLL_PAGE_SIZE));
    expect(view.carried.map((e) => e.id)).toEqual([110]);
    const last = rollView(entries, '', 99);
    expect(last.at.page).toBe(view.at.pages);
    expect(last.shown).toHaveLength(120 - (view.at.pages - 1) * ROLL_PAGE_SIZE);
  });

  it('finds people by any part of the name, any case, or of the NIP with spaces typed', () => {
    const p = { name: 'Sri Wahyuningsih', nip: '198001012000012003' };
    expect(matchesQuery(p, 'WAHYU')).toBe(true);
    expect(matchesQuery(p, '2000 0120')).toBe(true);
    expect(matchesQuery(p, 'budi')).toBe(false);
    const entries = rollEntries({ expected: unit, saved: new Map(), flagged: new Map() }, t);
    expect(rollView(entries, '0042', 1).shown.map((e) => e.id)).toEqual([42]);
    expect(rollView(entries, 'tidak ada', 1)).toMatchObject({ matches: 0, shown: [] });
  });

  it('gives the browser every row as data that cannot close its script element', () => {
    const odd = [{ ...person(1), name: 'A </script><script>alert(1)</script>' }];
    const json = rollData(rollEntries({ expected: odd, saved: new Map(), flagged: new Map() }, t), 4);
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ version: 4, size: ROLL_PAGE_SIZE, rows: [[1, odd[0].name, odd[0].nip, 'H', '', '', 0]] });
  });
});

describe('mergeRollCall', () => {
  const unit = [person(1), person(2, { id: 9, status: 'DL', cuti_type: null, document_ref: 'ST/1' }), person(3)];

  it('fills everyone not sent with the stored row, else the planned absence, else Hadir, and keeps notes not sent', () => {
    const merged = mergeRollCall(unit, new Map([saved(1, 'S', 'surat dokter')]), [{ employeeId: 3, status: 'TK' }, { employeeId: 1, status: 'I' }]);
    expect(merged).toEqual([
      { employeeId: 1, status: 'I', note: 'surat dokter' },
      { employeeId: 2, status: 'DL', cutiType: null, note: null },
      { employeeId: 3, status: 'TK', note: null },
    ]);
  });

  it('keeps rows for people not on the list, so the validation names them', () => {
    expect(mergeRollCall(unit, new Map(), [{ employeeId: 99, status: 'H' }]).at(-1)).toEqual({ employeeId: 99, status: 'H' });
  });
});
