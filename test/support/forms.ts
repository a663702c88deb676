import { MONDAY } from './clock';

/*
 * A tiny form reader that does what a browser without JavaScript does with a form, and the
 * address of a unit's session page.
 */

function decode(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]) : null;
}

/**
 * The fields a browser would send for the form with this id: inputs with their values, checked
 * radios, the selected (or first) option of each select, textareas. Files and buttons are left out.
 */
export function formFields(html: string, formId = 'session-form'): Record<string, string> {
  const start = html.indexOf(`id="${formId}"`);
  if (start < 0) throw new Error(`no form #${formId} on the page`);
  const body = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || type === 'file' || type === 'submit') continue;
    if ((type === 'radio' || type === 'checkbox') && !/\schecked\b/.test(tag)) continue;
    out[name] = attr(tag, 'value') ?? '';
  }
  for (const m of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1], 'name');
    if (!name) continue;
    // An option without a value attribute submits its text.
    const options = [...m[2].matchAll(/<option\b([^>]*)>([^<]*)/g)].map((o) => ({ attrs: o[1], value: attr(o[1], 'value') ?? decode(o[2]).trim() }));
    const chosen = options.find((o) => /(^|\s)selected\b/.test(o.attrs)) ?? options[0];
    out[name] = chosen ? chosen.value : '';
  }
  for (const m of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1], 'name');
    if (name) out[name] = decode(m[2]);
  }
  return out;
}

export function sessionUrl(code: string, date = MONDAY): string {
  return `/opd/${code}/sessions/${date}`;
}
