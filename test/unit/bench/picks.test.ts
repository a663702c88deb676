import { closestInSize, filterQueries } from '../../../scripts/bench/picks';

describe('bench phone roll-call', () => {
  it('picks the unit whose head-count is nearest the size asked for', () => {
    const units = [
      { code: 'BIG', people: 3000 },
      { code: 'B', people: 24 },
      { code: 'A', people: 16 },
      { code: 'C', people: 23 },
    ];
    expect(closestInSize(units, 20)).toEqual({ code: 'C', people: 23 });
    expect(closestInSize(units, 2000)).toEqual({ code: 'BIG', people: 3000 });
  });

  it('breaks a tie with the smaller unit, then the code', () => {
    expect(closestInSize([{ code: 'X', people: 22 }, { code: 'Y', people: 18 }], 20).code).toBe('Y');
    expect(closestInSize([{ code: 'Q', people: 18 }, { code: 'P', people: 18 }], 20).code).toBe('P');
    expect(() => closestInSize([], 20)).toThrow(/no unit/);
  });

  it('searches for part of a first name, part of a surname, a NIP prefix and something absent', () => {
    const rows = [
      [1, 'Dr. Ahmad Fauzi, S.E.', '198501012010011001'],
      [2, 'Siti Rahayu', '199002022015032002'],
      [3, 'Wahyu Santoso, M.M.', '197907072005011003'],
      [4, 'Budi', '200101012022011004'],
    ];
    // The middle row (2) for the first name and the NIP, the one at 30% (1) for the surname.
    expect(filterQueries(rows)).toEqual(['wahy', 'rahay', '197907', 'qzxqzx']);
    expect(filterQueries([[1, 'Al', '1985']])).toEqual(['al', 'al', '1985', 'qzxqzx']);
    expect(() => filterQueries([])).toThrow(/no rows/);
  });
});
