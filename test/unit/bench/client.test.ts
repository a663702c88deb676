import { csrfOf, formFields } from '../../../scripts/bench/client';

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
});
