import fc from 'fast-check';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import type request from 'supertest';
import { validateNip } from '../../src/lib/nip';
import { signIn, useTestApp } from '../support/app';
import { FORMS, UPLOADS, type FormCase } from '../support/bad-input-forms';
import { resetNow } from '../support/clock';
import { makeUser } from '../support/factories';
import { buildWorld, useDataDir, type CsrfAgent, type World } from '../support/hardening-world';
import { encodeForm, fingerprint, formPairs, hasMessage, hostileValues, MIXED, SCRIPT, SQL, SQL_DROP, type FieldSpec, type FormValue } from '../support/hostile';
import { listRoutes } from '../support/route-list';

/*
 * The bad-input sweep over every form that writes: each field in turn gets each hostile value of
 * its kind while the rest of the body stays valid. Every answer must be a 4xx with a message
 * (beside the field, when the form shows messages there), never a 5xx, and the database must be
 * exactly as it was: not a row written, not half of one.
 */

/**
 * Writes that read no field from the body (their path parameters are swept in
 * bad-input-urls.test.ts), and the API's PUT (swept in bad-input-api.test.ts).
 */
const SWEPT_ELSEWHERE = [
  'POST /logout',
  'POST /opds/:code/reactivate',
  'POST /employees/:nip/reactivate',
  'POST /admin/users/:id/disable',
  'POST /admin/users/:id/enable',
  'POST /admin/users/:id/reset-password',
  'POST /admin/tokens/:id/revoke',
  'POST /holidays/:id/delete',
  'POST /absences/:id/cancel',
  'POST /absences/import/:id/commit',
  'POST /notifications/read-all',
  // Check-in: its bad input (forged, expired, other-unit codes, locations that are not numbers, a
  // verdict other than accept/reject) is covered by check-in.test.ts and check-in-screen.test.ts.
  'POST /c/:token',
  'POST /opd/:code/sessions/:date/check-ins/:checkInId',
  'POST /events/:id/check-ins/:checkInId',
  // The event's scanner reads its body with the apel scanner's parser (scan.schema.ts), swept
  // through POST /opd/:code/sessions/:date/scan; its refusals are in event-scan.test.ts.
  'POST /events/:id/scan',
  // Reads one flag, `open`: anything but '1' means "stay on the list".
  'POST /notifications/:id/read',
  'PUT /api/v1/opds/:code/sessions/:date',
  // Writes nothing: a batch of NIP:code pairs becomes a CSV of those that are live codes of the
  // unit, anything else is left out (test/integration/pegawai-activation.test.ts).
  'POST /opd/:code/activation/csv',
  // Actions without a field: closing a pact, re-issuing a card (its `page` only picks where to go back to).
  'POST /pacts/:id/close',
  'POST /opd/:code/cards/:nip/reissue',
];

describe('bad input: forms', () => {
  const dataDir = useDataDir('bad-input');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;
  let account: CsrfAgent;

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, 'BI');
    account = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  });
  afterAll(() => resetNow());

  function send(c: FormCase, agent: CsrfAgent, body: Record<string, FormValue>): Promise<request.Response> {
    const url = c.url(w);
    if (!c.file && !c.multipart) return agent.post(url).type('form').send(encodeForm({ ...body, _csrf: agent.csrf }));
    let req = agent.post(url).field('_csrf', agent.csrf);
    for (const [k, v] of Object.entries(body)) for (const [key, one] of formPairs(k, v)) req = req.field(key, one);
    return c.file ? req.attach(c.file.field, Buffer.from(c.file.content(w)), c.file.name) : req;
  }

  /** What is wrong with the answer to a hostile value, or null. */
  function problemOf(c: FormCase, field: string, spec: FieldSpec, label: string, res: request.Response): string | null {
    if (res.status >= 500) return `status ${res.status}`;
    if (res.status < 400) return `accepted (${res.status} ${res.headers.location ?? ''})`;
    if (!hasMessage(res)) return `${res.status} without a message`;
    // An upload's parser refuses an oversize field as a bad upload, with the message at the file.
    const wholeRequest = c.file && label === '100 kB';
    const beside = res.status === 422 && !c.noFieldErrors && !spec.unnamed && !wholeRequest && /html/.test(res.headers['content-type'] ?? '');
    if (beside && !res.text.includes(`id="${field}-error"`)) return `422 without a message beside ${field}`;
    return null;
  }

  it('sweeps every route that writes (a new one must be added to FORMS or UPLOADS)', () => {
    const swept = new Set([...FORMS, ...UPLOADS].map((c) => c.name.replace(/ \(.*\)$/, '')));
    const writes = listRoutes(ctx.app).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes.length).toBeGreaterThan(40);
    expect({ notSwept: writes.filter((k) => !swept.has(k) && !SWEPT_ELSEWHERE.includes(k)) }).toEqual({ notSwept: [] });
  });

  it.each(FORMS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const agent = c.actor === 'account' ? account : w.agents[c.actor];
    const base = await c.base(w, agent);
    let before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const [field, spec] of Object.entries(typeof c.fields === 'function' ? c.fields(w) : c.fields)) {
      // Only the multipart parser nests `field[x]`; urlencoded reads it as another field's name.
      const multipart = c.file || c.multipart;
      const values: [string, FormValue][] = multipart ? [...hostileValues(spec), ['bracketed key (object)', { x: '1' }]] : hostileValues(spec);
      for (const [label, value] of values) {
        const res = await send(c, agent, { ...base, [field]: value });
        const problem = problemOf(c, field, spec, label, res);
        if (problem) problems.push(`${field} = ${label}: ${problem}`);
        const after = await fingerprint(ctx.db);
        if (after !== before) {
          problems.push(`${field} = ${label}: rows written (${res.status})`);
          before = after;
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe('properties', () => {
    /** Posts a form as hr; a refusal must be a 422 with a message beside `field` and no write. */
    async function refused(url: string, body: Record<string, string>, field: string): Promise<boolean> {
      const before = await fingerprint(ctx.db);
      const res = await w.agents.hr.post(url).type('form').send(encodeForm({ ...body, _csrf: w.agents.hr.csrf }));
      return res.status === 422 && res.text.includes(`id="${field}-error"`) && (await fingerprint(ctx.db)) === before;
    }

    const employee = (nip: string) => ({ nip, name: 'Pegawai Uji', gender: 'L', category: 'PNS', position: '', rank: '', opd_id: String(w.unitA.id), active_from: '2026-01-01' });

    it('refuses every NIP the NIP rules reject, beside the field, writing nothing', async () => {
      const digits = fc.stringMatching(/^\d{18}$/);
      const impossibleBirth = fc
        .tuple(fc.integer({ min: 1950, max: 2005 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
        .filter(([y, m, d]) => !DateTime.fromObject({ year: y, month: m, day: d }).isValid)
        .map(([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}2008011001`);
      const anything = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(SQL, SQL_DROP, SCRIPT, MIXED));
      await fc.assert(
        fc.asyncProperty(fc.oneof(digits, impossibleBirth, anything), async (nip) => {
          fc.pre(!validateNip(nip, 'PNS', 'L', '2026-11-23').ok);
          return refused('/employees', employee(nip), 'nip');
        }),
        { numRuns: 60 },
      );
    });

    it('refuses every date that is not a real calendar day, beside the field, writing nothing', async () => {
      const pad = (n: number, k: number) => String(n).padStart(k, '0');
      const triple = fc
        .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
        .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
      const real = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid && s >= '1900' && s < '2201';
      await fc.assert(
        fc.asyncProperty(fc.oneof(triple, fc.string({ maxLength: 12 })), async (date) => {
          fc.pre(!real(date.trim()));
          return refused('/holidays', { date, name: 'Libur', kind: 'libur_daerah', source: '', needs_review: '' }, 'date');
        }),
        { numRuns: 60 },
      );
    });

    it('stores any free-text name literally and shows it escaped, or refuses it beside the field', async () => {
      let day = 0;
      const name = fc.oneof(
        fc.string({ maxLength: 220 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom(SQL, SQL_DROP, SCRIPT, MIXED, '"><img src=x onerror=alert(1)>', '{{constructor}}', '\u202eRTL'),
      );
      await fc.assert(
        fc.asyncProperty(name, async (raw) => {
          const trimmed = raw.trim();
          // eslint-disable-next-line no-control-regex -- the rule under test
          const valid = trimmed.length > 0 && trimmed.length <= 200 && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(trimmed);
          const date = DateTime.fromISO('2031-01-01').plus({ days: day++ }).toISODate()!;
          const body = { date, name: raw, kind: 'libur_daerah', source: '', needs_review: '' };
          if (!valid) return refused('/holidays', body, 'name');
          const res = await w.agents.hr.post('/holidays').type('form').send(encodeForm({ ...body, _csrf: w.agents.hr.csrf }));
          const row = await ctx.db.selectFrom('holidays').select('name').where('date', '=', date).executeTakeFirst();
          const page = await w.agents.hr.get('/holidays?year=2031');
          return res.status === 302 && row?.name === trimmed && page.text.includes(Handlebars.escapeExpression(trimmed));
        }),
        { numRuns: 60 },
      );
    });
  });
});
