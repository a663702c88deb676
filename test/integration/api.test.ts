import type { Express } from 'express';
import request from 'supertest';
import { Settings } from 'luxon';
import { useTestApp } from '../support/app';
import { bearer, limitedApiApp } from '../support/api-app';
import { makeToken } from '../support/api-tokens';
import { makeEmployee, makeOpd } from '../support/factories';
import { doc, expectDocumented } from '../support/openapi-validate';

describe('JSON API: tokens, scopes, errors, limits, OpenAPI', () => {
  const ctx = useTestApp();
  let app: Express;
  const t: Record<string, string> = {};
  let unitA: { id: number; code: string };
  let unitB: { id: number; code: string };

  beforeAll(async () => {
    Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
    app = ctx.app;
    unitA = await makeOpd(ctx.db, { code: 'APIA', name: 'Dinas Uji A' });
    unitB = await makeOpd(ctx.db, { code: 'APIB', name: 'Dinas Uji B', parent_id: unitA.id });
    for (const name of ['Ani Lestari', 'Budi Santoso', 'Citra Dewi']) await makeEmployee(ctx.db, { opdId: unitA.id, name });
    for (const name of ['Dedi Kurniawan', 'Eka Putri']) await makeEmployee(ctx.db, { opdId: unitB.id, name });
    await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Fajar Pensiun', activeTo: '2026-01-31' });
    t.admin = await makeToken(ctx.db, { role: 'admin' });
    t.hr = await makeToken(ctx.db, { role: 'hr' });
    t.sekda = await makeToken(ctx.db, { role: 'sekda' });
    t.opdA = await makeToken(ctx.db, { role: 'opd', opdId: unitA.id });
    t.revoked = await makeToken(ctx.db, { role: 'admin', revoked: true });
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  describe('authentication', () => {
    it.each([
      ['no header', {}, 'Perlu token API: kirim header Authorization: Bearer <token>.'],
      ['an unknown token', bearer(`ikr_${'A'.repeat(43)}`), 'Token API tidak dikenal atau sudah dicabut.'],
      ['a token of the wrong form', bearer('ikr_salah'), 'Token API tidak dikenal atau sudah dicabut.'],
      ['a malformed header', { Authorization: 'Basic dXNlcjpwYXNz' }, 'Token API tidak dikenal atau sudah dicabut.'],
    ])('answers 401 JSON for %s', async (_what, headers, message) => {
      const res = await request(app).get('/api/v1/opds').set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ikrar"');
      expect(res.body).toEqual({ error: { code: 'unauthorized', message, details: [] } });
      expectDocumented(res, '/opds', 'get');
    });

    it('refuses a revoked token', async () => {
      expect((await request(app).get('/api/v1/opds').set(bearer(t.revoked))).status).toBe(401);
    });

    it('answers in English when asked', async () => {
      const res = await request(app).get('/api/v1/opds').set('Accept-Language', 'en-GB,en;q=0.9');
      expect(res.body.error.message).toBe('An API token is required: send the header Authorization: Bearer <token>.');
    });

    it('sets no cookie and ignores one', async () => {
      const res = await request(app).get('/api/v1/opds').set(bearer(t.hr)).set('Cookie', 'ikrar.sid=abc');
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('GET /opds', () => {
    it('lists every unit for hr with parents', async () => {
      const res = await request(app).get('/api/v1/opds').set(bearer(t.hr));
      expect(res.status).toBe(200);
      expectDocumented(res, '/opds', 'get');
      expect(res.body.data).toContainEqual({ code: 'APIB', name: 'Dinas Uji B', kind: 'dinas', parent_code: 'APIA', active_from: '2020-01-01', active_to: null });
      expect(res.body.data.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['APIA', 'APIB']));
    });

    it("shows an opd token only its own unit", async () => {
      const res = await request(app).get('/api/v1/opds').set(bearer(t.opdA));
      expect(res.body.data.map((o: { code: string }) => o.code)).toEqual(['APIA']);
    });
  });

  describe('GET /employees', () => {
    it("gives an opd token its own unit's people in service", async () => {
      const res = await request(app).get('/api/v1/employees').set(bearer(t.opdA));
      expect(res.status).toBe(200);
      expectDocumented(res, '/employees', 'get');
      expect(res.body.data.map((e: { name: string }) => e.name)).toEqual(['Ani Lestari', 'Budi Santoso', 'Citra Dewi']);
      expect(res.body.data[0].opd).toEqual({ code: 'APIA', name: 'Dinas Uji A' });
      expect(res.body.page).toEqual({ page: 1, per_page: 100, total: 3, pages: 1 });
    });

    it("answers 404 when an opd token names another unit, 200 for hr", async () => {
      const denied = await request(app).get('/api/v1/employees?opd=apib').set(bearer(t.opdA));
      expect(denied.status).toBe(404);
      expectDocumented(denied, '/employees', 'get');
      const ok = await request(app).get('/api/v1/employees?opd=apib').set(bearer(t.hr));
      expect(ok.body.data.map((e: { name: string }) => e.name)).toEqual(['Dedi Kurniawan', 'Eka Putri']);
      expect((await request(app).get('/api/v1/employees?opd=NOSUCH').set(bearer(t.hr))).status).toBe(404);
    });

    it('searches and pages on the server', async () => {
      const res = await request(app).get('/api/v1/employees?opd=APIA&per_page=2&page=2').set(bearer(t.sekda));
      expect(res.body.page).toEqual({ page: 2, per_page: 2, total: 3, pages: 2 });
      expect(res.body.data.map((e: { name: string }) => e.name)).toEqual(['Citra Dewi']);
      const q = await request(app).get('/api/v1/employees?q=santo').set(bearer(t.admin));
      expect(q.body.data.map((e: { name: string }) => e.name)).toEqual(['Budi Santoso']);
    });

    it('answers 400 with the parameter for a malformed query', async () => {
      const res = await request(app).get('/api/v1/employees?page=abc&per_page=9999').set(bearer(t.hr));
      expect(res.status).toBe(400);
      expectDocumented(res, '/employees', 'get');
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['page', 'per_page']);
    });
  });

  describe('errors', () => {
    it('answers 404 JSON for an unknown path', async () => {
      const res = await request(app).get('/api/v1/nothing-here').set(bearer(t.hr));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'Halaman atau data yang Anda cari tidak ditemukan.', details: [] } });
    });
  });

  describe('rate limits', () => {
    it('answers 429 JSON with Retry-After over the per-token limit', async () => {
      const limited = limitedApiApp(ctx, { requestsPerMinute: 3, failedAuthPerMinute: 100 });
      for (let i = 0; i < 3; i++) expect((await request(limited).get('/api/v1/opds').set(bearer(t.hr))).status).toBe(200);
      const res = await request(limited).get('/api/v1/opds').set(bearer(t.hr));
      expect(res.status).toBe(429);
      expectDocumented(res, '/opds', 'get');
      expect(res.body.error.code).toBe('too_many_requests');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['ratelimit-remaining']).toBe('0');
      // Another token has its own allowance.
      expect((await request(limited).get('/api/v1/opds').set(bearer(t.sekda))).status).toBe(200);
    });

    it('slows down an address that keeps failing to authenticate, even with a good token', async () => {
      const limited = limitedApiApp(ctx, { requestsPerMinute: 100, failedAuthPerMinute: 2 });
      for (let i = 0; i < 2; i++) expect((await request(limited).get('/api/v1/opds').set(bearer(`ikr_guess${i}`))).status).toBe(401);
      const res = await request(limited).get('/api/v1/opds').set(bearer(t.hr));
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('too_many_requests');
    });
  });

  describe('GET /openapi.json', () => {
    it('serves the OpenAPI 3.1 document without a token', async () => {
      const res = await request(app).get('/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      expect(res.body.servers).toEqual([{ url: `${ctx.config.publicUrl}/api/v1` }]);
      expect(Object.keys(res.body.paths).sort()).toEqual(
        ['/compliance', '/employees', '/events', '/events/{id}', '/openapi.json', '/opds', '/opds/{code}/sessions/{date}', '/reports/monthly'].sort(),
      );
    });

    it('resolves every $ref and documents 401 and 500 on every operation that needs a token', () => {
      const refs: string[] = [];
      const walk = (o: unknown): void => {
        if (Array.isArray(o)) o.forEach(walk);
        else if (o && typeof o === 'object') {
          for (const [k, v] of Object.entries(o)) {
            if (k === '$ref') refs.push(String(v));
            else walk(v);
          }
        }
      };
      walk(doc);
      for (const r of new Set(refs)) {
        const target = r.replace(/^#\//, '').split('/').reduce((acc: Record<string, unknown> | undefined, k) => acc?.[k] as Record<string, unknown> | undefined, doc);
        expect([r, target !== undefined]).toEqual([r, true]);
      }
      const ids: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; responses: object; security?: [] }>>)) {
        for (const op of Object.values(ops)) {
          ids.push(op.operationId);
          if (path !== '/openapi.json') expect([path, Object.keys(op.responses)]).toEqual([path, expect.arrayContaining(['200', '401', '429', '500'])]);
        }
      }
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
