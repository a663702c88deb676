import { checked, selected } from '../../../../src/views/helpers/selected';
import { helperOptions } from './options';

describe('{{selected}} and {{checked}}', () => {
  it('mark the option whose value matches, comparing as text', () => {
    expect(selected('PNS', 'PNS', helperOptions())).toBe('selected');
    expect(selected(3, '3', helperOptions())).toBe('selected');
    expect(selected('PPPK', 'PNS', helperOptions())).toBe('');
    expect(checked('H', 'H', helperOptions())).toBe('checked');
    expect(checked('S', 'H', helperOptions())).toBe('');
  });

  it('match an empty option when the value is missing', () => {
    expect(selected(undefined, '', helperOptions())).toBe('selected');
    expect(checked(null, 'H', helperOptions())).toBe('');
  });

  it('refuse to be called without an option', () => {
    expect(() => selected('PNS', helperOptions())).toThrow('{{selected}} needs a value and an option');
    expect(() => checked('H', helperOptions())).toThrow('{{checked}} needs a value and an option');
  });
});
