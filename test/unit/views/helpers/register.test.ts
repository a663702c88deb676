import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { helpers, registerHelpers } from '../../../../src/views/helpers/register';

const HELPERS_DIR = path.resolve(__dirname, '../../../../src/views/helpers');

describe('registerHelpers', () => {
  it('registers every helper of the list, and a template can call them', () => {
    const hbs = Handlebars.create();
    registerHelpers(hbs);
    for (const name of Object.keys(helpers)) expect(hbs.helpers[name]).toBe(helpers[name as keyof typeof helpers]);
    const html = hbs.compile('{{#if (eq role "admin")}}{{t (concat "common." "next")}}{{/if}} {{formatNumber n}}')({ role: 'admin', n: 1500, lang: 'en' });
    expect(html).toBe('Next 1,500');
  });

  it('has a unit test beside every helper file', () => {
    const files = fs.readdirSync(HELPERS_DIR).filter((f) => f.endsWith('.ts') && f !== 'register.ts');
    const missing = files.filter((f) => !fs.existsSync(path.join(__dirname, f.replace(/\.ts$/, '.test.ts'))));
    expect(missing).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
});
