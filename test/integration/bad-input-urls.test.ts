import type request from 'supertest';
import supertest from 'supertest';
import { useTestApp } from '../support/app';
import { UPLOADS } from '../support/bad-input-forms';
import { buildWorld, LAST_MONDAY, useDataDir, THIS_MONDAY, YEAR, type World } from '../support/hardening-world';
import { fingerprint, hasMessage, MIXED, SCRIPT, SQL } from '../support/hostile';
import { listRoutes } from '../support/route-list';
import { resetNow } from '../support/clock';

/*
 * Hostile values where the URL carries them: in every path parameter of every registered route
 * (so a new route is swept without being listed), in the query strings of the pages that read
 * one, and in the files of the three upload forms. Never a 5xx; a refusal carries a message; no
 * row written.
 */
const LONG = 'y'.repeat(8_000); // a long URL; 100 kB never reaches the app (Node refuses the header)

/** Already encoded for a path segment or a query value. */
const URL_VALUES: [string, string][] = [
  ['SQL', encodeURIComponent(SQL)],
  ['script', encodeURIComponent(SCRIPT)],
  ['mixed scripts', encodeURIComponent(MIXED)],
  ['NUL', '%00'],
  ['backspace', 'a%08b'],
  ['8 kB', LONG],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['2^31', '2147483648'],
  ['20 digits', '99999999999999999999'],
  ['2026-02-30', '2026-02-30'],
  ['0000-00-00', '0000-00-00'],
  ['99999-01-01', '99999-01-01'],
  ['dot-dot', '..%2F..%2Fetc%2Fpasswd'],
  ['bad percent', '%E0%A4%A'],
];

/** Query parameters each page reads (the API's are in bad-input-api.test.ts). */
const QUERIES: [string, string[]][] = [
  ['/login', ['next']],
  ['/dashboard', ['period', 'date']],
  ['/opd/:code', ['period', 'date']],
  ['/opds', ['q']],
  ['/employees', ['q', 'opd', 'category', 'status', 'sort', 'page']],
  ['/employees/:nip', ['year']],
  ['/employees/:nip/history.csv', ['year']],
  ['/audit', ['entity', 'from', 'to', 'page']],
  ['/admin/users', ['q', 'page']],
  ['/admin/jobs', ['page']],
  ['/reports/monthly', ['month', 'opd', 'category', 'format', 'after', 'before']],
  ['/flags', ['year', 'status', 'opd', 'step', 'category', 'page']],
  ['/flags/:nip/:year/letter', ['follow_up', 'step']],
  ['/holidays', ['year']],
  ['/absences', ['opd', 'status', 'date', 'q', 'show', 'page']],
  ['/absences/new', ['nip']],
  ['/corrections', ['page']],
  ['/notifications', ['page']],
];

describe('bad input: URLs and files', () => {
  const dataDir = useDataDir('bad-urls');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, 'BU');
  });
  afterAll(() => resetNow());

  /** A real value for each parameter, so only the one under test is hostile. */
  function valid(path: string, param: string): string {
    if (param === 'code') return w.unitA.code;
    if (param === 'nip') return w.peopleA[0].nip;
    if (param === 'year') return String(YEAR);
    // A check-in code's shape (its signature need not be right: the write is refused before it is read).
    if (param === 'token') return 'A1-20261207.1.AAAAAAAAAAAAAAAA';
    if (param === 'checkInId') return '1';
    if (param === 'date') return /photo|corrections/.test(path) ? LAST_MONDAY : THIS_MONDAY;
    const ids: [RegExp, number | undefined][] = [
      [/^\/admin\/users/, w.victimUserId],
      [/^\/admin\/tokens/, w.victimTokenId],
      [/^\/holidays/, w.holidayEditId],
      [/^\/events/, w.eventId],
      [/^\/absences\/import/, w.absenceImportIds.admin],
      [/^\/absences/, w.absenceId],
      [/^\/corrections/, w.correctionId],
      [/^\/requests/, w.requestId],
      [/^\/notifications/, w.notificationIds.admin],
      [/^\/employees\/import/, w.employeeImportIds.admin],
      [/^\/(me\/)?pacts/, w.pactId],
    ];
    const id = ids.find(([re]) => re.test(path))?.[1];
    if (id === undefined) throw new Error(`${path}: no id for :${param}`);
    return String(id);
  }

  function send(method: string, path: string, url: string): Promise<request.Response> {
    if (path.startsWith('/api/')) {
      const req = supertest(ctx.app)[method === 'PUT' ? 'put' : 'get'](url).set('Authorization', `Bearer ${w.tokens.admin}`);
      return method === 'PUT' ? req.set('If-Match', '*').send({ held: true }) : req;
    }
    // Only an opd user files a correction request; admin may do everything else.
    const agent = path.endsWith('/corrections') && method === 'POST' ? w.agents.opdA : w.agents.admin;
    return method === 'GET' ? agent.get(url) : agent.post(url).type('form').send({ _csrf: agent.csrf });
  }

  function problemOf(res: request.Response, mustRefuse: boolean): string | null {
    if (res.status >= 500) return `status ${res.status}`;
    if (mustRefuse && res.status < 400) return `accepted (${res.status})`;
    if (res.status >= 400 && !hasMessage(res)) return `${res.status} without a message`;
    return null;
  }

  const withParams = () => listRoutes(ctx.app).filter((r) => r.path.includes('/:'));

  it('sweeps more than forty routes with path parameters', () => {
    expect(withParams().length).toBeGreaterThan(40);
  });

  // Every route times every hostile value, with a checksum of the database after each route:
  // about 20 s on a quiet 2-core machine, so the default 30 s leaves too little margin.
  it('refuses a hostile value in any path parameter of any route with a 4xx and a message', async () => {
    const problems: string[] = [];
    for (const { method, path } of withParams()) {
      const before = await fingerprint(ctx.db);
      for (const param of [...path.matchAll(/:(\w+)/g)].map((m) => m[1])) {
        for (const [label, value] of URL_VALUES) {
          const url = path.replace(/:(\w+)/g, (_, p: string) => (p === param ? value : valid(path, p)));
          const problem = problemOf(await send(method, path, url), true);
          if (problem) problems.push(`${method} ${path} :${param} = ${label}: ${problem}`);
        }
      }
      if ((await fingerprint(ctx.db)) !== before) problems.push(`${method} ${path}: rows written`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses every write without a valid CSRF token, urlencoded or multipart, writing nothing', async () => {
    const writes = listRoutes(ctx.app).filter((r) => r.method === 'POST');
    expect(writes.length).toBeGreaterThan(40);
    const before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const { path } of writes) {
      const url = path.replace(/:(\w+)/g, (_, p: string) => valid(path, p));
      const agent = path.endsWith('/corrections') ? w.agents.opdA : w.agents.admin;
      const sends: [string, () => Promise<request.Response>][] = [
        ['no token', () => agent.post(url).type('form').send({ reason: 'x' })],
        ['a wrong token', () => agent.post(url).type('form').send({ _csrf: 'a'.repeat(64) })],
        ['multipart, no token', () => agent.post(url).field('reason', 'x')],
        ['multipart, a wrong token', () => agent.post(url).field('_csrf', 'a'.repeat(64))],
      ];
      for (const [label, send] of sends) {
        const res = await send();
        if (res.status !== 403) problems.push(`POST ${path} with ${label}: ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(ctx.db)).toBe(before);
  });

  it.each(QUERIES)('reads hostile query values of %s without a 5xx or a write', async (path, params) => {
    const base = path.replace(/:(\w+)/g, (_, p: string) => valid(path, p));
    const before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const param of params) {
      for (const [label, value] of [...URL_VALUES, ['repeated key', 'a&' + param + '=b'] as [string, string]]) {
        const res = await w.agents.admin.get(`${base}?${param}=${value}`);
        const problem = problemOf(res, false);
        if (problem) problems.push(`${param} = ${label}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(ctx.db)).toBe(before);
  });

  const FILES: [string, Buffer | string][] = [
    ['an empty file', ''],
    ['binary with NUL bytes', Buffer.from([0x00, 0xff, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x00])],
    ['100 kB on one line', 'x'.repeat(100_000)],
    ['only a header', 'nip,nama,status\n'],
    ['SQL and markup in every cell', `${SQL},${SCRIPT},${MIXED},2026-02-30,ZZ\n${SCRIPT},${SQL},TK,0000-00-00,99999-01-01\n`],
    ['control characters', 'nip,dari\n\u0000\u0008,\u0007\n'],
    ['a zip that is not a workbook', Buffer.from('PK\u0003\u0004 bukan xlsx')],
  ];

  it.each(UPLOADS.map((u) => [u.name, u] as const))('%s refuses hostile files with a message and writes nothing', async (_n, u) => {
    const agent = w.agents[u.actor];
    const problems: string[] = [];
    for (const [label, content] of FILES) {
      const before = await fingerprint(ctx.db);
      let req = agent.post(u.url(w)).field('_csrf', agent.csrf);
      for (const [k, v] of Object.entries(u.fields(w))) req = req.field(k, v);
      const res = await req.attach(u.field, Buffer.from(content), label.includes('zip') ? 'data.xlsx' : 'data.csv');
      const problem = problemOf(res, true);
      if (problem) problems.push(`${label}: ${problem}`);
      if ((await fingerprint(ctx.db)) !== before) problems.push(`${label}: rows written`);
    }
    expect(problems).toEqual([]);
  });

  it('previews an employee file whose every row is hostile as rejected rows, writing only the draft', async () => {
    const agent = w.agents.hr;
    const rows = [SQL, SCRIPT, MIXED, '198002302008011001', '-1'].map((v) => `${v},${v},${v},${v}`).join('\n');
    const before = await fingerprint(ctx.db, ['imports']);
    const res = await agent
      .post('/employees/import')
      .field('_csrf', agent.csrf)
      .field('effective_date', '2026-11-24')
      .attach('file', Buffer.from(`NIP,Nama,Kode Unit,Kategori\n${rows}\n`), 'pegawai.csv');
    expect(res.status).toBe(302);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toContain('Baris yang ditolak');
    expect(preview.text).toContain('Belum ada yang disimpan');
    expect(preview.text).not.toContain(SCRIPT);
    const commit = await agent.post(`${res.headers.location}/commit`).type('form').send({ _csrf: agent.csrf });
    expect(commit.status).toBe(422);
    expect(hasMessage(commit)).toBe(true);
    expect(await fingerprint(ctx.db, ['imports'])).toBe(before);
  });

  it('survives hostile request headers: never a 5xx, a refusal with a message, nothing else written', async () => {
    // Cancelling the absence is what the first two requests are for; the headers only steer the redirect.
    const others = ['planned_absences', 'audit_log'];
    const before = await fingerprint(ctx.db, others);
    const admin = w.agents.admin;
    const cases: [string, () => Promise<request.Response>][] = [
      ['a Referer that is no URL', () => admin.post(`/absences/${w.absenceId}/cancel`).set('Referer', 'http://[').type('form').send({ _csrf: admin.csrf })],
      ['a Referer of script', () => admin.post(`/absences/${w.absenceId}/cancel`).set('Referer', SCRIPT).type('form').send({ _csrf: admin.csrf })],
      ['an Accept-Language of script', () => admin.get('/dashboard').set('Accept-Language', SCRIPT)],
      ['a broken Accept-Language', () => supertest(ctx.app).get('/api/v1/opds').set({ Authorization: `Bearer ${w.tokens.hr}`, 'Accept-Language': '*;q=abc,,;;' })],
      ['a session cookie of garbage', () => supertest(ctx.app).get('/dashboard').set('Cookie', `ikrar.sid=s%3A${LONG}.sig`)],
      ['a session cookie with %00', () => supertest(ctx.app).get('/login').set('Cookie', 'ikrar.sid=%00')],
      ['a bearer token of SQL', () => supertest(ctx.app).get('/api/v1/opds').set('Authorization', `Bearer ${SQL}`)],
      ['a bearer token of 8 kB', () => supertest(ctx.app).get('/api/v1/opds').set('Authorization', `Bearer ikr_${LONG}`)],
      ['Basic credentials', () => supertest(ctx.app).get('/api/v1/opds').set('Authorization', 'Basic YWRtaW46YWRtaW4=')],
      ['a form in UTF-16', () => admin.post('/holidays').set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-16').send(`_csrf=${admin.csrf}`)],
      ['a CSRF token in the header only, of script', () => admin.post('/holidays').set('X-CSRF-Token', SCRIPT).type('form').send({ name: 'x' })],
      ['JSON to a form route', () => admin.post('/holidays').set('Content-Type', 'application/json').send(JSON.stringify({ _csrf: admin.csrf, name: ['x'] }))],
    ];
    const problems: string[] = [];
    for (const [label, send] of cases) {
      const problem = problemOf(await send(), false);
      if (problem) problems.push(`${label}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(ctx.db, others)).toBe(before);
  });
});
