import Handlebars from 'handlebars';
import { statusLabel } from '../../../../src/views/helpers/status-label';
import { helperOptions } from './options';

describe('{{statusLabel}}', () => {
  it("says a status in the page's language, Indonesian by default", () => {
    expect(statusLabel('TL', helperOptions())).toBe('Terlambat');
    expect(statusLabel('TL', helperOptions({ lang: 'en' }))).toBe('Late');
    expect(statusLabel('CLTN', helperOptions())).toBe('Cuti di luar tanggungan negara (CLTN)');
  });

  it('names a cuti by its type in one label, and ignores a type that is not text', () => {
    expect(statusLabel('C', 'tahunan', helperOptions())).toBe('Cuti tahunan');
    expect(statusLabel('C', 'bersama', helperOptions({ lang: 'en' }))).toBe('Collective leave');
    expect(statusLabel('C', null, helperOptions())).toBe('Cuti');
  });

  it('works from a template with a row field', () => {
    const hbs = Handlebars.create();
    hbs.registerHelper('statusLabel', statusLabel);
    const render = hbs.compile('{{#each rows}}{{statusLabel status cuti_type}};{{/each}}');
    expect(render({ lang: 'id', rows: [{ status: 'TK' }, { status: 'C', cuti_type: 'melahirkan' }] })).toBe('Tanpa keterangan;Cuti melahirkan;');
  });
});
