import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers/register';

export const VIEWS_DIR = path.resolve(__dirname, '../../views');

type Template = Handlebars.TemplateDelegate;

/**
 * A small Handlebars view engine for Express: `views/layouts/*.hbs` wrap pages (the page's
 * HTML arrives as {{{body}}}), `views/partials/**` are partials named by their path.
 * Templates are compiled once; with `cache: false` (development) they are re-read per render.
 */
export function createViewEngine({ cache }: { cache: boolean }) {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const compiled = new Map<string, Template>();
  let partialsLoaded = false;

  function compile(file: string): Template {
    let tpl = cache ? compiled.get(file) : undefined;
    if (!tpl) {
      tpl = hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false });
      compiled.set(file, tpl);
    }
    return tpl;
  }

  function loadPartials(): void {
    if (partialsLoaded && cache) return;
    const root = path.join(VIEWS_DIR, 'partials');
    for (const file of walk(root)) {
      const name = path.relative(root, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      hbs.registerPartial(name, fs.readFileSync(file, 'utf8'));
    }
    partialsLoaded = true;
  }

  return function render(file: string, options: object, callback: (err: Error | null, html?: string) => void) {
    try {
      loadPartials();
      const data = options as Record<string, unknown>;
      const body = compile(file)(data, { data: { root: data } });
      const layout = data.layout === false ? null : String(data.layout ?? 'main');
      if (!layout) return callback(null, body);
      const html = compile(path.join(VIEWS_DIR, 'layouts', `${layout}.hbs`))({ ...data, body }, { data: { root: data } });
      callback(null, html);
    } catch (err) {
      callback(err as Error);
    }
  };
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.hbs') ? [p] : [];
  });
}
