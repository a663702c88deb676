import request from 'supertest';
import { useTestApp } from '../support/app';
import { makeToken } from '../support/api-tokens';
import { buildWorld, LAST_MONDAY, useDataDir, THIS_MONDAY, type World } from '../support/hardening-world';
import { BACKSPACE, fingerprint, hasMessage, HUGE, MIXED, NUL, SCRIPT, SQL } from '../support/hostile';
import { resetNow } from '../support/clock';

/*
 * The JSON API under hostile input: every field of the roll-call PUT with values of the wrong
 * type or content, broken requests (not JSON, malformed, oversize, bad If-Match), and the query
 * parameters of the GET routes. A 4xx with a JSON error message, never a 5xx, and not a row
 * written. Requests go round a few tokens so the per-token rate limit is not what answers.
 */
type Json = unknown;

const STRINGS: [string, Json][] = [
  ['number', 123],
  ['boolean', true],
  ['array', ['a']],
  ['object', { a: 1 }],
  ['100 kB', HUGE],
  ['NUL', NUL],
  ['backspace', BACKSPACE],
];
const CHOICES: [string, Json][] = [...STRINGS, ['SQL', SQL], ['script', SCRIPT], ['mixed scripts', MIXED], ['unknown', 'ZZ'], ['empty', '']];

describe('bad input: JSON API', () => {
  const dataDir = useDataDir('bad-api');
  const ctx = useTestApp({ DATA_DIR: dataDir });
  let w: World;
  const pool: string[] = [];
  let turn = 0;
  const token = () => pool[turn++ % pool.length];

  beforeAll(async () => {
    w = await buildWorld(ctx.app, ctx.db, 'BA');
    for (let i = 0; i < 4; i++) pool.push(await makeToken(ctx.db, { role: 'hr' }));
    // A token's first use records it; after that, within the fixed minute, nothing changes.
    for (const t of pool) await request(ctx.app).get('/api/v1/opds').set('Authorization', `Bearer ${t}`);
  });
  afterAll(() => resetNow());

  const url = () => `/api/v1/opds/${w.unitA.code}/sessions/${THIS_MONDAY}`;
  const put = (body: Json | string, headers: Record<string, string> = {}) =>
    request(ctx.app)
      .put(url())
      .set({ Authorization: `Bearer ${token()}`, 'If-Match': '*', 'Content-Type': 'application/json', ...headers })
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  function base(): Record<string, Json> {
    return {
      held: true,
      mode: 'langsung',
      start_time: '07:30',
      ikrar_version: '2024',
      pembina: 'Kepala Dinas',
      attendance: w.peopleA.map((p) => ({ nip: p.nip, status: 'H' })),
      submit: false,
    };
  }

  function problemOf(res: request.Response): string | null {
    if (res.status >= 500) return `status ${res.status}`;
    if (res.status < 400) return `accepted (${res.status})`;
    if (!hasMessage(res)) return `${res.status} without a message`;
    return null;
  }

  async function sweep(cases: [string, () => Promise<request.Response>][]) {
    const before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const [label, send] of cases) {
      const problem = problemOf(await send());
      if (problem) problems.push(`${label}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(ctx.db)).toBe(before);
  }

  it('accepts the base body, so each refusal below is about the one hostile value', async () => {
    // Checked on last week's session (hr may still edit it), so this week's, which the sweep
    // uses, stays empty.
    const res = await request(ctx.app)
      .put(`/api/v1/opds/${w.unitA.code}/sessions/${LAST_MONDAY}`)
      .set({ Authorization: `Bearer ${token()}`, 'If-Match': '*' })
      .send({ ...base(), attendance: w.peopleA.map((p) => ({ nip: p.nip, status: 'S' })) });
    expect(res.status).toBe(200);
    expect(res.body.attendance.map((a: { status: string }) => a.status)).toEqual(['S', 'S', 'S']);
  });

  it('refuses a hostile value in each field of the roll-call PUT', async () => {
    const fields: [string, [string, Json][]][] = [
      ['held', [['string', 'true'], ['number', 1], ['null', null], ['array', []], ['object', {}]]],
      ['submit', [['string', 'yes'], ['number', 1], ['null', null]]],
      ['mode', CHOICES],
      ['start_time', [...CHOICES, ['25:00', '25:00']]],
      ['ikrar_version', CHOICES],
      ['pembina', STRINGS],
      ['location', STRINGS],
      ['notes', STRINGS],
      ['not_held_kind', CHOICES],
      ['attendance', [['string', 'x'], ['object', {}], ['numbers', [1]], ['nulls', [null]], ['20,001 rows', Array(20_001).fill({ nip: '1', status: 'H' })]]],
      ['unknown key', [['submited', true]]],
    ];
    const cases: [string, () => Promise<request.Response>][] = [];
    for (const [field, values] of fields) {
      for (const [label, value] of values) {
        const body = field === 'unknown key' ? { ...base(), submited: value } : { ...base(), [field]: value };
        cases.push([`${field} = ${label}`, () => put(body)]);
      }
    }
    await sweep(cases);
  });

  it('refuses hostile roll-call rows, naming them', async () => {
    const [a, b, c] = w.peopleA.map((p) => p.nip);
    const rows = (first: Record<string, Json>) => [first, { nip: b, status: 'H' }, { nip: c, status: 'H' }];
    const variants: [string, Json[]][] = [
      ['a row without a NIP', rows({ status: 'H' })],
      ['a numeric NIP', rows({ nip: Number(a.slice(0, 15)), status: 'H' })],
      ['an SQL NIP', rows({ nip: SQL, status: 'H' })],
      ['a NUL NIP', rows({ nip: `${a}\u0000`, status: 'H' })],
      ['another unit’s person', rows({ nip: w.personB.nip, status: 'H' })],
      ['the same person twice', [...rows({ nip: a, status: 'H' }), { nip: a, status: 'S' }]],
      ['an unknown status', rows({ nip: a, status: 'ZZ' })],
      ['a status of script', rows({ nip: a, status: SCRIPT })],
      ['a status that is a number', rows({ nip: a, status: 1 })],
      ['an unknown leave type', rows({ nip: a, status: 'C', cuti_type: 'liburan' })],
      ['a leave type without C', rows({ nip: a, status: 'H', cuti_type: 'tahunan' })],
      ['a 100 kB note', rows({ nip: a, status: 'H', note: HUGE })],
      ['a note with NUL', rows({ nip: a, status: 'H', note: NUL })],
      ['a note with backspace', rows({ nip: a, status: 'H', note: BACKSPACE })],
      ['an unknown key in a row', rows({ nip: a, status: 'H', extra: 1 })],
    ];
    await sweep(variants.map(([label, attendance]) => [label, () => put({ ...base(), attendance })]));
    const named = await put({ ...base(), attendance: rows({ nip: a, status: 'ZZ' }) });
    expect(named.status).toBe(422);
    expect(JSON.stringify(named.body.error.details)).toContain(a);
  });

  it('refuses requests that are not a JSON roll-call', async () => {
    await sweep([
      ['malformed JSON', () => put('{"held": tru')],
      ['JSON null', () => put('null')],
      ['a JSON array', () => put('[]')],
      ['a JSON string', () => put('"held"')],
      ['form-encoded', () => put('held=true', { 'Content-Type': 'application/x-www-form-urlencoded' })],
      ['text/plain', () => put('held', { 'Content-Type': 'text/plain' })],
      ['over 5 MB', () => put(JSON.stringify({ ...base(), notes: 'x'.repeat(5_300_000) }))],
      ['deeply nested', () => put(`${'['.repeat(5000)}${']'.repeat(5000)}`)],
      ['If-Match of letters', () => put(base(), { 'If-Match': 'abc' })],
      ['If-Match of SQL', () => put(base(), { 'If-Match': SQL })],
      ['If-Match past the range', () => put(base(), { 'If-Match': '"99999999999"' })],
      ['If-Match of a stale version', () => put(base(), { 'If-Match': '"7"' })],
    ]);
  });

  const QUERIES: [string, string[]][] = [
    ['/api/v1/employees', ['opd', 'q', 'category', 'page', 'per_page']],
    ['/api/v1/compliance', ['week', 'month', 'opd']],
    ['/api/v1/reports/monthly', ['month', 'opd', 'category', 'after', 'limit']],
  ];
  const QUERY_VALUES: [string, string][] = [
    ['SQL', encodeURIComponent(SQL)],
    ['script', encodeURIComponent(SCRIPT)],
    ['mixed scripts', encodeURIComponent(MIXED)],
    ['NUL', '%00'],
    ['8 kB', 'y'.repeat(8000)],
    ['-1', '-1'],
    ['1e309', '1e309'],
    ['2^31', '2147483648'],
    ['2026-02-30', '2026-02-30'],
    ['0000-00-00', '0000-00-00'],
    ['99999-01-01', '99999-01-01'],
    ['2026-13', '2026-13'],
    ['repeated key', 'a&x=b'],
  ];

  it.each(QUERIES)('reads hostile query values of %s without a 5xx or a write', async (path, params) => {
    const before = await fingerprint(ctx.db);
    const problems: string[] = [];
    for (const param of params) {
      for (const [label, value] of QUERY_VALUES) {
        const res = await request(ctx.app)
          .get(`${path}?${param}=${value.replace('&x=', `&${param}=`)}`)
          .set('Authorization', `Bearer ${token()}`);
        if (res.status >= 500) problems.push(`${param} = ${label}: status ${res.status}`);
        else if (res.status >= 400 && !hasMessage(res)) problems.push(`${param} = ${label}: ${res.status} without a message`);
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(ctx.db)).toBe(before);
  });
});
