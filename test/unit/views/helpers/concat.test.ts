import { concat } from '../../../../src/views/helpers/concat';
import { helperOptions } from './options';

describe('{{concat}}', () => {
  it('joins its values into one string, leaving out the options Handlebars appends', () => {
    expect(concat('roles.', 'admin', helperOptions())).toBe('roles.admin');
    expect(concat('a', 1, true, helperOptions())).toBe('a1true');
  });

  it('reads a missing value as empty text', () => {
    expect(concat('roles.', undefined, null, helperOptions())).toBe('roles.');
  });

  it('refuses to be called without a value', () => {
    expect(() => concat(helperOptions())).toThrow('{{concat}} needs at least one value');
  });
});
