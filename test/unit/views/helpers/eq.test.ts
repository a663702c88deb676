import { eq } from '../../../../src/views/helpers/eq';
import { helperOptions } from './options';

describe('{{eq}}', () => {
  it('is true only for strictly equal values', () => {
    expect(eq('admin', 'admin', helperOptions())).toBe(true);
    expect(eq('admin', 'hr', helperOptions())).toBe(false);
    expect(eq(1, '1', helperOptions())).toBe(false);
    expect(eq(null, undefined, helperOptions())).toBe(false);
  });

  it('refuses one value', () => {
    expect(() => eq('admin', helperOptions())).toThrow('{{eq}} needs two values');
  });
});
