import request from 'supertest';
import { findOpdByCode } from '../../src/features/opds/opds.repository';
import { makeToken } from '../support/api-tokens';
import { signIn, useTestApp } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployee, makeOpd, makeSession, makeUser } from '../support/factories';

/*
 * OPD codes are stored upper case; a code typed in a URL or a filter may come in any case and
 * with stray spaces. One lookup (findOpdByCode) applies that rule for every page and the API.
 */
const ctx = useTestApp();
let unit: { id: number; code: string };

beforeAll(async () => {
  fixNow('2026-11-23T03:00:00Z');
  unit = await makeOpd(ctx.db, { code: 'DINKES-K', name: 'Dinas Kesehatan Kode' });
  const person = await makeEmployee(ctx.db, { opdId: unit.id, name: 'Dewi Kode' });
  await makeSession(ctx.db, { opdId: unit.id, date: '2026-11-16', roll: [[person.id, 'TK']] });
});
afterAll(() => resetNow());

describe('findOpdByCode', () => {
  it('finds a unit by its code in any case and with spaces around it, and nothing for another code', async () => {
    for (const typed of ['DINKES-K', 'dinkes-k', ' Dinkes-K ']) expect((await findOpdByCode(ctx.db, typed))?.id).toBe(unit.id);
    expect(await findOpdByCode(ctx.db, 'DINKES')).toBeUndefined();
    expect(await findOpdByCode(ctx.db, '')).toBeUndefined();
  });
});

describe('a code in lower case', () => {
  it('opens the same pages and API resources as the upper-case code', async () => {
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    for (const url of ['/opds/dinkes-k', '/opd/dinkes-k', '/opd/dinkes-k/sessions/2026-11-16', '/reports/monthly?month=2026-11&opd=dinkes-k']) {
      const res = await hr.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.text).toContain('Dinas Kesehatan Kode');
    }
    const flags = await hr.get('/flags?year=2026&opd=dinkes-k');
    expect(flags.text).toContain('Dewi Kode');
    const token = await makeToken(ctx.db, { role: 'sekda' });
    const api = await request(ctx.app).get('/api/v1/employees?opd=dinkes-k').set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(200);
    expect(api.body.data.map((e: { name: string }) => e.name)).toEqual(['Dewi Kode']);
  });

  it('still keeps an opd user out of another unit named in lower case (404)', async () => {
    const other = await makeOpd(ctx.db, { code: 'LAIN-K' });
    const opd = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: other.id })).username);
    for (const url of ['/opds/dinkes-k', '/opd/dinkes-k', '/opd/dinkes-k/sessions/2026-11-16']) expect((await opd.get(url)).status).toBe(404);
  });
});
