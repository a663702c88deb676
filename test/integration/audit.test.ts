import { Settings } from 'luxon';
import { writeAudit } from '../../src/features/audit/audit.service';
import { signIn, useTestApp } from '../support/app';
import { makeOpd, makeUser } from '../support/factories';

describe('audit trail page', () => {
  const ctx = useTestApp();
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  /** Audit rows written "at" a given instant. */
  async function auditAt(iso: string, change: Parameters<typeof writeAudit>[2], username = 'pencatat') {
    Settings.now = () => Date.parse(iso);
    await writeAudit(ctx.db, { user: { id: 1, username, via: 'session' } }, change);
    Settings.now = () => Date.now();
  }

  let mine: { id: number; code: string };
  let other: { id: number; code: string };
  beforeAll(async () => {
    mine = await makeOpd(ctx.db, { code: 'AUD-MINE' });
    other = await makeOpd(ctx.db, { code: 'AUD-OTHER' });
    // 2026-11-01 23:30 in Jakarta is still 1 November there, 16:30 UTC
    await auditAt('2026-11-01T16:30:00Z', { entity: 'opd', entityId: mine.id, action: 'update', opdId: mine.id, before: { name: 'Lama Satu' }, after: { name: 'Baru Satu' } });
    // 2026-11-02 00:30 in Jakarta, 1 November 17:30 UTC
    await auditAt('2026-11-01T17:30:00Z', { entity: 'employee', entityId: 77, action: 'transfer', opdId: mine.id, after: { opd: 'AUD-MINE' } });
    await auditAt('2026-11-03T02:00:00Z', { entity: 'opd', entityId: other.id, action: 'update', opdId: other.id, after: { name: 'Rahasia Unit Lain' } });
    await auditAt('2026-11-04T02:00:00Z', { entity: 'user', entityId: 5, action: 'reset_password', after: { must_change_password: 1 } }, 'admin-uji');
  });

  it('shows admin, hr and sekda every row with before and after', async () => {
    for (const role of ['admin', 'hr', 'sekda'] as const) {
      const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role })).username);
      const res = await agent.get('/audit');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<strong>Nama</strong>: <del>Lama Satu</del> → <ins>Baru Satu</ins>');
      expect(res.text).toContain('Rahasia Unit Lain');
      expect(res.text).toContain('kata sandi direset');
    }
  });

  it('shows an opd user only its own unit’s rows', async () => {
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: mine.id })).username);
    const res = await agent.get('/audit');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Baru Satu');
    expect(res.text).toContain('mutasi');
    expect(res.text).not.toContain('Rahasia Unit Lain');
    expect(res.text).not.toContain('kata sandi direset');
    expect((await agent.get('/audit?entity=user')).text).toContain('Tidak ada catatan audit yang cocok.');
  });

  it('filters by kind of record and by day in the instance zone', async () => {
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const opds = await agent.get('/audit?entity=opd');
    expect(opds.text).toContain('Baru Satu');
    expect(opds.text).toContain('Rahasia Unit Lain');
    expect(opds.text).not.toContain('kata sandi direset');
    expect(opds.text).not.toContain('mutasi');
    const firstOfNov = await agent.get('/audit?from=2026-11-01&to=2026-11-01');
    expect(firstOfNov.text).toContain('Baru Satu');
    expect(firstOfNov.text).not.toContain('mutasi');
    const second = await agent.get('/audit?from=2026-11-02&to=2026-11-02');
    expect(second.text).toContain('mutasi');
    expect(second.text).not.toContain('Baru Satu');
  });

  it('refuses a bad date with 422 and a message beside the field', async () => {
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const res = await agent.get('/audit?from=2026-02-30&entity=Robert%27);DROP');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="from-error">Tanggal tidak valid');
    expect(res.text).toContain('id="entity-error">Pilihan tidak dikenal.');
  });

  it('pages on the server', async () => {
    for (let i = 0; i < 55; i++) await auditAt(`2025-06-01T0${i % 10}:00:00Z`, { entity: 'holiday', entityId: i, action: 'create', after: { name: `Libur ${i}` } });
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    const page1 = await agent.get('/audit?entity=holiday');
    expect(page1.text).toContain('55 catatan.');
    expect(page1.text.match(/Libur \d+/g)).toHaveLength(50);
    const page2 = await agent.get('/audit?entity=holiday&page=2');
    expect(page2.text.match(/Libur \d+/g)).toEqual(['Libur 4', 'Libur 3', 'Libur 2', 'Libur 1', 'Libur 0']);
  });
});
