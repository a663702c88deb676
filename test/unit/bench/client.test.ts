import { csrfOf, formFields, rollCallIds, withChanges } from '../../../scripts/bench/client';

describe('bench form reading', () => {
  const html = `<form id="other"><input name="x" value="1"></form>
    <form id="session-form">
      <input type="hidden" name="_csrf" value="tok&amp;en">
      <input type="hidden" name="version" value="3">
      <input type="radio" name="held" value="1" checked><input type="radio" name="held" value="0">
      <input type="checkbox" name="late"><input type="file" name="photo">
      <select name="status[7]"><option value="H">H</option><option value="TK" selected>TK</option></select>
      <select name="status[8]"><option value="H">H</option><option value="S">S</option></select>
      <textarea name="notes">a &lt;b&gt;</textarea>
      <input name="note[7]" value="">
      <fieldset disabled><input name="locked" value="x" disabled></fieldset>
    </form>`;

  it('reads the fields a browser would send, in order', () => {
    expect(formFields(html, 'id="session-form"')).toEqual([
      ['_csrf', 'tok&en'],
      ['version', '3'],
      ['held', '1'],
      ['status[7]', 'TK'],
      ['status[8]', 'H'],
      ['notes', 'a <b>'],
      ['note[7]', ''],
    ]);
  });

  it('finds the CSRF token and refuses a page without one', () => {
    expect(csrfOf('<input type="hidden" name="_csrf" value="abc">')).toBe('abc');
    expect(() => csrfOf('<p>no form</p>')).toThrow(/CSRF/);
    expect(() => formFields(html, 'id="missing"')).toThrow(/no form/);
  });

  it('reads one checked radio per row as a browser sends it', () => {
    const page = `<form id="session-form"><ul id="rc-list">
      <li data-id="7"><input type="radio" name="status[7]" value="H"><input type="radio" name="status[7]" value="S" checked></li>
      <li data-id="8"><input type="radio" name="status[8]" value="H" checked><input type="radio" name="status[8]" value="TK"></li>
    </ul></form>`;
    expect(formFields(page, 'id="session-form"')).toEqual([['status[7]', 'S'], ['status[8]', 'H']]);
  });
});

describe('bench roll-call changes', () => {
  const fields: [string, string][] = [['_csrf', 't'], ['status[1]', 'H'], ['status[2]', 'H'], ['status[3]', 'H']];

  it('reads the whole unit from rc-data, or nothing when the page has none', () => {
    const html = `<form id="session-form"></form><script type="application/json" id="rc-data">{"rows":[[5,"Siti","1985",null,"",0],[9,"Budi","1990","S","",1]]}</script>`;
    expect(rollCallIds(html)).toEqual([5, 9]);
    expect(rollCallIds('<form id="session-form"></form>')).toBeNull();
    expect(() => rollCallIds('<script id="rc-data" type="application/json">{}</script>')).toThrow(/without rows/);
  });

  it('changes the rows on the page when there is no rc-data, leaving the other fields', () => {
    const out = withChanges(fields, null, 0, 2);
    expect(out.filter(([k, v]) => k.startsWith('status[') && v !== 'H')).toHaveLength(2);
    expect(out.map(([k]) => k)).toEqual(fields.map(([k]) => k));
    expect(fields[1][1]).toBe('H'); // the input is not changed
  });

  it('changes rows across the unit, adding those not on the page and overwriting those on it', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const out = withChanges(fields, ids, 1, 10);
    const changed = out.filter(([k, v]) => k.startsWith('status[') && v !== 'H');
    expect(changed).toHaveLength(10);
    expect(changed.every(([, v]) => v === 'S' || v === 'TK')).toBe(true);
    expect(new Set(out.map(([k]) => k)).size).toBe(out.length); // each row sent once
    expect(out.slice(0, 4).map(([k]) => k)).toEqual(fields.map(([k]) => k));
    expect(out.length).toBe(fields.length + changed.filter(([k]) => !fields.some(([f]) => f === k)).length);
    // Another round changes other rows.
    const next = withChanges(fields, ids, 2, 10).filter(([k]) => k.startsWith('status[') && !fields.some(([f]) => f === k)).map(([k]) => k);
    expect(next).not.toEqual(out.slice(4).map(([k]) => k));
  });
});
