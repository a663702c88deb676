import type { Kysely } from 'kysely';
import { Settings } from 'luxon';
import type { Database } from '../../src/db/database';
import { makeEmployee, makeOpd, makeUser } from './factories';

/*
 * Helpers for the session tests: a unit with people and an operator, "now" fixed in a week, and
 * a tiny form reader that does what a browser without JavaScript does with the session form.
 */
export const MONDAY = '2026-11-23';
/** Monday 23 Nov 2026, 10:00 WIB: before the deadline (Tuesday 12:00 WIB). */
export const MONDAY_MORNING = '2026-11-23T03:00:00Z';
/** Tuesday 24 Nov 2026, 13:00 WIB: past the deadline. */
export const AFTER_DEADLINE = '2026-11-24T06:00:00Z';

export function fixNow(iso: string): void {
  const ms = Date.parse(iso);
  Settings.now = () => ms;
}

export function resetNow(): void {
  Settings.now = () => Date.now();
}

export async function makeUnit(db: Kysely<Database>, people = 3, over: Partial<Database['opds']> = {}) {
  const opd = await makeOpd(db, over);
  const employees = [];
  for (let i = 0; i < people; i++) employees.push(await makeEmployee(db, { opdId: opd.id, name: `Pegawai ${String(i + 1).padStart(2, '0')} ${opd.code}` }));
  const operator = await makeUser(db, { role: 'opd', opdId: opd.id });
  return { opd, employees, operator };
}

export async function makePlannedAbsence(
  db: Kysely<Database>,
  o: { employeeId: number; status: 'DL' | 'C' | 'S' | 'I' | 'TB' | 'CLTN'; from: string; to: string; ref?: string; cutiType?: string | null },
) {
  return db
    .insertInto('planned_absences')
    .values({
      employee_id: o.employeeId,
      status: o.status,
      cuti_type: o.cutiType ?? null,
      start_date: o.from,
      end_date: o.to,
      document_ref: o.ref ?? 'ST/001/2026',
      note: null,
      created_by: null,
      created_at: '2026-11-01T00:00:00.000Z',
      cancelled_by: null,
      cancelled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addHoliday(db: Kysely<Database>, date: string, name = 'Libur Uji', kind = 'libur_nasional') {
  await db
    .insertInto('holidays')
    .values({ date, name, kind, source: 'uji', needs_review: 0, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })
    .execute();
}

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
