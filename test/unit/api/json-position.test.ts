import fc from 'fast-check';
import { lineAndColumn } from '../../../src/features/api/api-errors';
import { jsonErrorOffset } from '../../../src/features/api/json-position';
import { ifMatchVersion } from '../../../src/features/api/sessions.api';

describe('where malformed JSON goes wrong', () => {
  it.each([
    ['{"a": 1,}', 8],
    ['{x', 1],
    ['abc', 0],
    ['{"a":\n  tru}', 11],
    ['{"a": 1', 7],
    ['', 0],
    ['{"a":[1,2,]}', 10],
    ['{"a":"x\\q"}', 8],
    ['{} x', 3],
    ['{"a": 01}', 7],
    ['"\\u12G4"', 3],
  ])('%j fails at %d', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('finds no error in any valid JSON', () => {
    fc.assert(fc.property(fc.json(), (text) => jsonErrorOffset(text) === null));
  });

  it('finds an error wherever JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('}', ',', '"', ':', 'x', ']'), (text, at, ch) => {
        const broken = text.slice(0, at % (text.length + 1)) + ch + text.slice(at % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        return (jsonErrorOffset(broken) === null) === valid;
      }),
    );
  });

  it('reports 1-based lines and columns', () => {
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('{\n  "a": x', 9)).toEqual({ line: 2, column: 8 });
  });
});

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "0" ', 0],
    ['*', null],
  ])('reads %j', (header, version) => expect(ifMatchVersion(header)).toBe(version));

  it('requires the header (428) and a number (400)', () => {
    expect(() => ifMatchVersion(undefined)).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => ifMatchVersion('')).toThrow(expect.objectContaining({ status: 428 }));
    expect(() => ifMatchVersion('"abc"')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => ifMatchVersion('"1", "2"')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
