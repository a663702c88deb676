import { parse } from 'csv-parse/sync';
import { Settings } from 'luxon';
import type { Kysely } from 'kysely';
import request from 'supertest';
import type { Database } from '../../src/db/database';
import { refreshEmployeeYearStats } from '../../src/features/compliance/employee-stats';
import { bearer } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { signIn, useTestApp, type Agent } from '../support/app';
import { binary, pdfText, readXlsx, sheetRows } from '../support/reports-files';
import { makeSession, type RollEntry } from '../support/factories';
import { MARCH_NOW, seedMarch, type MarchScenario } from '../support/march-world';

/*
 * March 2026 has a session not held (A, 16th), a late one (A, 9th, with a person sick) and a
 * draft (B, 30th). Counted over attendance rows: A = (3 + 2) / (4 + 3) = 71.4%, B = 2 / 4 = 50%,
 * all units = 7 / 11 = 63.6%. The mean of session rates would say 70.8%, 66.7% and 68.3%: a
 * surface that prints those has not switched to the one rate.
 * A also logged a ceremony of a kind not counted (HUT Korpri style, Wednesday 18 March) with
 * everyone TK: it must move none of these numbers (docs/DESIGN.md, "Employees, check-in and events").
 */
const TOTAL = 7 / 11;
const UNIT_A = 5 / 7;

/** An uncounted event's roll-call for unit A, stored as the session writer leaves it (counted = 0). */
async function uncountedCeremony(db: Kysely<Database>, s: MarchScenario) {
  const at = '2026-03-01T00:00:00.000Z';
  const event = { kind: 'hut_korpri', title: 'Upacara', date: '2026-03-18', start_time: '07:30', place: 'Alun-alun', mode: 'langsung', all_units: 0, check_in: 0, created_at: at, updated_at: at };
  const { id } = await db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('event_units').values({ event_id: id, opd_id: s.opds.a.id }).execute();
  const people = [s.people.formula, s.people.budi, s.people.citra];
  const session = await makeSession(db, { opdId: s.opds.a.id, date: '2026-03-18', roll: people.map((p): RollEntry => [p.id, 'TK']) });
  await db.updateTable('sessions').set({ event_id: id, counted: 0 }).where('id', '=', session.id).execute();
  await refreshEmployeeYearStats(db, people.map((p) => p.id), 2026);
}

/** The cells of the table row whose text contains `label`, tags stripped. */
function rowOf(html: string, label: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.includes(label));
  if (!row) throw new Error(`no row with ${label}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

const FORMULA = 'Tingkat kehadiran = jumlah hadir (Hadir, Terlambat, Hadir daring) ÷ jumlah (wajib hadir − berhalangan sah)';
/** The same line as Handlebars escapes it in a page. */
const FORMULA_HTML = FORMULA.replace('=', '&#x3D;');

describe('one attendance rate on every surface', () => {
  const ctx = useTestApp();
  let s: MarchScenario;
  let hr: Agent;
  let token: string;
  const report = (query: string) => hr.get(`/reports/monthly?month=2026-03&${query}`).buffer(true).parse(binary);

  beforeAll(async () => {
    Settings.now = () => MARCH_NOW;
    s = await seedMarch(ctx.db, 'ONE');
    await uncountedCeremony(ctx.db, s);
    hr = await signIn(ctx.app, s.users.hr.username);
    token = await makeToken(ctx.db, { role: 'hr' });
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('dashboard: the headline and the league table, with the line saying what the rate is', async () => {
    const res = await hr.get('/dashboard?period=month&date=2026-03-15');
    const headline = /figure-label">Tingkat kehadiran<\/span>\s*<span class="figure-value">([^<]*)</.exec(res.text);
    expect(headline?.[1]).toBe('63,6%');
    expect(rowOf(res.text.slice(res.text.indexOf('class="league"')), `${s.opds.a.name}</a>`)).toContain('71,4%');
    expect(res.text).toContain(FORMULA_HTML);
  });

  it('OPD page: the period figures', async () => {
    const res = await hr.get(`/opd/${s.opds.a.code}?period=month&date=2026-03-15`);
    expect(res.text).toMatch(/<dt>Tingkat kehadiran<\/dt><dd>71,4%<\/dd>/);
    expect(res.text).toContain(FORMULA_HTML);
  });

  it('report preview: the unit rows and the total, in a column named for the pooled rate', async () => {
    const res = await hr.get('/reports/monthly?month=2026-03');
    expect(res.text).not.toContain('Rata-rata kehadiran');
    expect(rowOf(res.text, `${s.opds.a.name}</a>`)[7]).toBe('71,4%');
    const total = [...res.text.matchAll(/<tr class="report-total">([\s\S]*?)<\/tr>/g)][0][1];
    expect(total).toContain('63,6%');
    expect(res.text).toContain(FORMULA_HTML);
  });

  it('XLSX: the summary sheet total cell, and the note', async () => {
    const wb = await readXlsx((await report('format=xlsx')).body);
    const rows = sheetRows(wb.getWorksheet('Ringkasan')!);
    const header = rows.find((r) => r.includes('Tingkat kehadiran'))!;
    const col = header.indexOf('Tingkat kehadiran');
    expect(rows.find((r) => r[2] === 'Jumlah')![col]).toBeCloseTo(TOTAL, 10);
    expect(rows.find((r) => r[1] === s.opds.a.code)![col]).toBeCloseTo(UNIT_A, 10);
    expect(rows.flat().some((c) => typeof c === 'string' && c.includes(FORMULA))).toBe(true);
  });

  it('CSV: the last record carries the total rate', async () => {
    const records = parse((await report('format=csv')).body.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
    const col = records[0].indexOf('Kehadiran (%)');
    const last = records[records.length - 1];
    expect(last[2]).toBe('Jumlah ringkasan (semua unit dan kategori)');
    expect(last[col]).toBe('63,6');
  });

  it('PDF: the summary total and the note', async () => {
    const text = pdfText((await report('format=pdf')).body);
    expect(text).toContain('63,6%');
    expect(text).toContain('71,4%');
    expect(text).not.toContain('68,3%');
    expect(text.replace(/\n/g, ' ')).toContain('Tingkat kehadiran = jumlah hadir');
  });

  it('API: the compliance headline and the monthly totals', async () => {
    const dash = await request(ctx.app).get('/api/v1/compliance?month=2026-03').set(bearer(token));
    expect(dash.body.headline.rate).toBeCloseTo(TOTAL, 10);
    const a = dash.body.opds.find((o: { code: string }) => o.code === s.opds.a.code);
    expect(a.rate).toBeCloseTo(UNIT_A, 10);
    expect(a.mean_session_rate).toBeCloseTo((3 / 4 + 2 / 3) / 2, 10);
    const monthly = await request(ctx.app).get('/api/v1/reports/monthly?month=2026-03').set(bearer(token));
    expect(monthly.body.totals.rate).toBeCloseTo(TOTAL, 10);
    expect(monthly.body.units.find((u: { opd: { code: string } }) => u.opd.code === s.opds.a.code).rate).toBeCloseTo(UNIT_A, 10);
  });
});
