import ExcelJS from 'exceljs';
import { saveSettings } from '../../src/features/settings/settings.service';
import { useTestApp } from '../support/app';
import { buildWorld, LAST_MONDAY, MONTH, useDataDir, YEAR, type World } from '../support/hardening-world';
import { SCRIPT } from '../support/hostile';
import { binary, pdfText, readXlsx, sheetRows } from '../support/reports-files';
import { resetNow } from '../support/clock';

/*
 * Stored text is data, never markup: a <script> in a name, a note or a setting renders escaped on
 * every page that shows it, and comes out of the CSV, XLSX and PDF exports as the same literal
 * text; cells a spreadsheet would run as a formula are neutralised.
 */
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const IMG = '"><img src=x onerror=alert(1)>';
const FORMULAS = ['=HYPERLINK("http://evil.example/","klik")', '+62 812 000', '-1+1', '@SUM(A1:A9)'];
const T0 = '2026-11-20T03:00:00.000Z';

describe('bad input: stored markup on pages and in exports', () => {
  const dataDir = useDataDir('bad-output');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, 'BO');
    const db = ctx.db;
    const [budi, formula, plus] = w.peopleA;
    await db.updateTable('opds').set({ name: `Dinas ${SCRIPT} Alfa` }).where('id', '=', w.unitA.id).execute();
    await db.updateTable('opds').set({ name: FORMULAS[3] }).where('id', '=', w.unitB.id).execute();
    await db.updateTable('employees').set({ name: `${SCRIPT} Budi`, position: IMG }).where('id', '=', budi.id).execute();
    await db.updateTable('employees').set({ name: FORMULAS[0] }).where('id', '=', formula.id).execute();
    await db.updateTable('employees').set({ name: FORMULAS[1], rank: FORMULAS[2] }).where('id', '=', plus.id).execute();
    await db.updateTable('sessions').set({ notes: SCRIPT, pembina: IMG, location: SCRIPT }).where('id', '=', w.lastSessionId).execute();
    await db.updateTable('attendance').set({ note: FORMULAS[0] }).where('employee_id', '=', formula.id).execute();
    await db.updateTable('holidays').set({ name: SCRIPT }).where('id', '=', w.holidayEditId).execute();
    await db.updateTable('planned_absences').set({ note: SCRIPT, document_ref: IMG }).where('id', '=', w.absenceId).execute();
    await db.updateTable('correction_requests').set({ reason: SCRIPT }).where('id', '=', w.correctionId).execute();
    await db.updateTable('notifications').set({ title: SCRIPT, body: IMG }).execute();
    await db.updateTable('users').set({ display_name: SCRIPT }).where('id', '=', w.victimUserId).execute();
    await db.updateTable('api_tokens').set({ name: SCRIPT }).where('id', '=', w.victimTokenId).execute();
    await db
      .insertInto('follow_ups')
      .values({ employee_id: budi.id, year: YEAR, step: 'catatan', tk_count_covered: 1, letter_number: IMG, letter_date: LAST_MONDAY, note: SCRIPT, session_id: null, new_status: null, created_by: w.users.hr.id, created_at: T0 })
      .execute();
    await db
      .insertInto('audit_log')
      .values({ at: T0, user_id: w.users.hr.id, actor: SCRIPT, entity: 'employee', entity_id: String(budi.id), action: 'update', opd_id: w.unitA.id, before: JSON.stringify({ name: 'Budi' }), after: JSON.stringify({ name: SCRIPT }), request_id: null })
      .execute();
    await saveSettings(db, { system: 'test' }, { pemda_name: SCRIPT, agency_name: IMG, signer_name: SCRIPT, tpp_legal_basis: SCRIPT });
  });
  afterAll(() => resetNow());

  const PAGES: [string, 'opdA' | 'hr' | 'admin', (w: World) => string][] = [
    ['employee list', 'hr', () => '/employees?q=Budi'],
    ['employee page', 'hr', (w) => `/employees/${w.peopleA[0].nip}`],
    ['OPD page', 'hr', (w) => `/opds/${w.unitA.code}`],
    ['OPD list', 'hr', () => '/opds'],
    ['OPD home', 'opdA', (w) => `/opd/${w.unitA.code}?period=month&date=${LAST_MONDAY}`],
    ['session page', 'opdA', (w) => `/opd/${w.unitA.code}/sessions/${LAST_MONDAY}`],
    ['dashboard', 'hr', () => `/dashboard?period=month&date=${LAST_MONDAY}`],
    ['flags', 'hr', () => `/flags?year=${YEAR}&status=all`],
    ['flag page', 'hr', (w) => `/flags/${w.peopleA[0].nip}/${YEAR}`],
    ['flag letter', 'hr', (w) => `/flags/${w.peopleA[0].nip}/${YEAR}/letter`],
    ['report preview', 'hr', () => `/reports/monthly?month=${MONTH}`],
    ['holidays', 'hr', () => `/holidays?year=${YEAR}`],
    ['absences', 'opdA', () => '/absences?show=all'],
    ['corrections', 'hr', () => '/corrections'],
    ['correction', 'hr', (w) => `/corrections/${w.correctionId}`],
    ['audit', 'hr', () => '/audit'],
    ['users', 'admin', () => '/admin/users'],
    ['user', 'admin', (w) => `/admin/users/${w.victimUserId}`],
    ['tokens', 'admin', () => '/admin/tokens'],
    ['notifications', 'hr', () => '/notifications'],
    ['settings', 'hr', () => '/settings'],
  ];

  it.each(PAGES)('%s shows the stored script as text, never as markup', async (_name, actor, url) => {
    const res = await w.agents[actor].get(url(w));
    expect(res.status).toBe(200);
    expect(res.text).toContain(ESCAPED);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toMatch(/<img src=x/i);
  });

  const report = (format: string) => w.agents.hr.get(`/reports/monthly?month=${MONTH}&format=${format}`).buffer(true).parse(binary);

  it('writes the CSV with the text literal and formula cells neutralised', async () => {
    const res = await report('csv');
    expect(res.status).toBe(200);
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv).toContain(`${SCRIPT} Budi`);
    for (const f of FORMULAS.slice(0, 3)) expect(csv).toContain(`'${f.replace(/"/g, '""')}`);
    const cells = csv.split(/\r\n/).flatMap((line) => line.split(';').map((c) => c.replace(/^"|"$/g, '')));
    // The one formula written on purpose: a NIP as ="<digits>", so spreadsheets keep it as text.
    expect(cells.filter((c) => /^[=+\-@]/.test(c) && !/^=""\d+""$/.test(c))).toEqual([]);
  });

  it('writes the XLSX with the text as plain strings, never formulas', async () => {
    const res = await report('xlsx');
    expect(res.status).toBe(200);
    const wb = await readXlsx(res.body as Buffer);
    const values: unknown[] = [];
    wb.eachSheet((ws) => {
      ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
      values.push(...sheetRows(ws).flat());
    });
    expect(values).toContain(`${SCRIPT} Budi`);
    for (const f of FORMULAS.slice(0, 3)) expect(values).toContain(f);
  });

  it('draws the PDF with the text literal and no script action', async () => {
    const res = await report('pdf');
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    expect(pdfText(pdf)).toContain(SCRIPT);
    expect(pdf.toString('latin1')).not.toMatch(/\/(JavaScript|JS|OpenAction|AA)\b/);
  });

  it('neutralises a formula in a roll-call note in an employee’s history CSV', async () => {
    const res = await w.agents.hr.get(`/employees/${w.peopleA[1].nip}/history.csv?year=${YEAR}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv).toContain(`'${FORMULAS[0].replace(/"/g, '""')}`);
    expect(csv).not.toMatch(/(^|[;,\n])"?=HYPERLINK/);
  });
});
