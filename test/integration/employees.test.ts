import { Settings } from 'luxon';
import { t } from '../../src/i18n/t';
import { formatNip } from '../../src/lib/nip';
import { signIn, useTestApp } from '../support/app';
import { freshNip, makeEmployee, makeOpd, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

describe('employees', () => {
  const ctx = useTestApp();
  beforeAll(() => {
    Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  const employeeCount = async () =>
    Number((await ctx.db.selectFrom('employees').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  describe('list', () => {
    it('pages on the server and keeps the filters in the links', async () => {
      const opd = await makeOpd(ctx.db, { code: 'PAGED-T' });
      for (let i = 0; i < 55; i++) await makeEmployee(ctx.db, { opdId: opd.id, name: `Paging Uji ${String(i).padStart(2, '0')}` });
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const first = await agent.get('/employees?opd=paged-t');
      expect(first.status).toBe(200);
      expect(first.text).toContain('55 pegawai ditemukan.');
      expect(first.text.match(/Paging Uji \d\d/g)).toHaveLength(50);
      expect(first.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')).toContain('href="/employees?opd=PAGED-T&page=2"');
      const second = await agent.get('/employees?opd=PAGED-T&sort=name&page=2');
      expect(second.text.match(/Paging Uji \d\d/g)).toEqual(['Paging Uji 50', 'Paging Uji 51', 'Paging Uji 52', 'Paging Uji 53', 'Paging Uji 54']);
      const desc = await agent.get('/employees?opd=PAGED-T&sort=-name');
      expect(desc.text.match(/Paging Uji \d\d/)?.[0]).toBe('Paging Uji 54');
    });

    it('searches a name anywhere, in any case, and a NIP by its prefix typed with spaces', async () => {
      const opd = await makeOpd(ctx.db);
      const siti = await makeEmployee(ctx.db, { opdId: opd.id, name: 'Siti Rahmawati Uji', category: 'PPPK' });
      await makeEmployee(ctx.db, { opdId: opd.id, name: 'Budi 100%_Uji' });
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const byName = await agent.get('/employees?q=RAHMA');
      expect(byName.text).toContain('Siti Rahmawati Uji');
      expect(byName.text).not.toContain('Budi 100%_Uji');
      const byNip = await agent.get(`/employees?q=${encodeURIComponent(formatNip(siti.nip).slice(0, 11))}`);
      expect(byNip.text).toContain('Siti Rahmawati Uji');
      // % and _ are literal, not wildcards
      expect((await agent.get('/employees?q=0%25_')).text).toContain('Budi 100%_Uji');
      expect((await agent.get('/employees?q=i%25')).text).toContain('Tidak ada pegawai yang cocok.');
      const pppk = await agent.get(`/employees?opd=${opd.code}&category=PPPK`);
      expect(pppk.text).toContain('Siti Rahmawati Uji');
      expect(pppk.text).not.toContain('Budi 100%_Uji');
    });

    it('ignores unknown sort and page values instead of failing', async () => {
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      expect((await agent.get('/employees?sort=drop%20table&page=-3&status=x&category=ZZZ')).status).toBe(200);
    });
  });

  describe('create and edit', () => {
    it('creates an employee with a first assignment, audited, NIP stored without spaces', async () => {
      const opd = await makeOpd(ctx.db);
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const nip = freshNip({ gender: 'P' });
      const res = await agent.post('/employees').type('form').send({
        _csrf: agent.csrf,
        nip: formatNip(nip),
        name: 'Dewi Lestari Uji',
        gender: 'P',
        category: 'PNS',
        position: 'Analis Kepegawaian',
        rank: 'III/b',
        opd_id: String(opd.id),
        active_from: '2026-01-05',
      });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/employees/${nip}`);
      const e = await ctx.db.selectFrom('employees').selectAll().where('nip', '=', nip).executeTakeFirstOrThrow();
      const a = await ctx.db.selectFrom('assignments').selectAll().where('employee_id', '=', e.id).execute();
      expect(a).toMatchObject([{ opd_id: opd.id, start_date: '2026-01-05', end_date: null }]);
      const audit = await auditRows(ctx.db, 'employee', e.id);
      expect(audit).toMatchObject([{ action: 'create', opd_id: opd.id }]);
      const page = await agent.get(`/employees/${formatNip(nip).replace(/ /g, '.')}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Dewi Lestari Uji');
      expect(page.text).toContain(t('id', 'compliance.history.title', { year: 2026 }));
      expect((await agent.get(`/employees/${nip}?year=2025`)).text).toContain(t('id', 'compliance.history.title', { year: 2025 }));
    });

    it('refuses a duplicate NIP with a message, not a 500', async () => {
      const opd = await makeOpd(ctx.db);
      const existing = await makeEmployee(ctx.db, { opdId: opd.id, gender: 'L' });
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const before = await employeeCount();
      const res = await agent.post('/employees').type('form').send({
        _csrf: agent.csrf,
        nip: existing.nip,
        name: 'Orang Lain Uji',
        gender: 'L',
        category: 'PNS',
        opd_id: String(opd.id),
        active_from: '2026-01-05',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="nip-error">NIP ini sudah terdaftar untuk pegawai lain.');
      expect(res.text).toContain('value="Orang Lain Uji"');
      expect(await employeeCount()).toBe(before);
    });

    it('reports every bad field at once, the NIP rule by name, input kept', async () => {
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const res = await agent.post('/employees').type('form').send({
        _csrf: agent.csrf,
        nip: '19850230 201001 1 003',
        name: '',
        gender: 'L',
        category: 'PNS',
        opd_id: '',
        active_from: '05-01-2026',
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="nip-error">${t('id', 'nip.birth_date')}`);
      expect(res.text).toContain('id="name-error">Wajib diisi.');
      expect(res.text).toContain('id="opd_id-error">');
      expect(res.text).toContain('id="active_from-error">Tanggal tidak valid');
      expect(res.text).toContain('value="19850230 201001 1 003"');

      const mismatch = await agent.post('/employees?lang=en').type('form').send({
        _csrf: agent.csrf,
        nip: freshNip({ gender: 'L' }),
        name: 'X',
        gender: 'P',
        category: 'PNS',
        opd_id: '1',
        active_from: '2026-01-05',
      });
      expect(mismatch.status).toBe(422);
      expect(mismatch.text).toContain('NIP digit 15 does not match the gender.');
      await agent.get('/employees?lang=id');
    });

    it('edits an employee, NIP included, and audits only what changed', async () => {
      const opd = await makeOpd(ctx.db);
      const e = await makeEmployee(ctx.db, { opdId: opd.id, gender: 'L', name: 'Lama Uji' });
      const hr = await makeUser(ctx.db, { role: 'admin' });
      const agent = await signIn(ctx.app, hr.username);
      const nip = freshNip({ gender: 'L' });
      const res = await agent.post(`/employees/${e.nip}`).type('form').send({
        _csrf: agent.csrf,
        nip: formatNip(nip),
        name: 'Baru Uji',
        gender: 'L',
        category: e.category,
        position: e.position,
        rank: e.rank,
      });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/employees/${nip}`);
      const audit = await auditRows(ctx.db, 'employee', e.id);
      expect(JSON.parse(audit[0].before!)).toEqual({ nip: e.nip, name: 'Lama Uji' });
      expect(JSON.parse(audit[0].after!)).toEqual({ nip, name: 'Baru Uji' });
    });
  });

  describe('deactivate', () => {
    it('ends service the day before the date given, keeps the assignment, and can be undone', async () => {
      const opd = await makeOpd(ctx.db);
      const e = await makeEmployee(ctx.db, { opdId: opd.id });
      const hr = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, hr.username);
      const bad = await agent.post(`/employees/${e.nip}/deactivate`).type('form').send({ _csrf: agent.csrf, inactive_from: '2026-12-01' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('id="reason-error">Pilihan tidak dikenal.');
      expect(bad.text).toContain('value="2026-12-01"');

      await agent.post(`/employees/${e.nip}/deactivate`).type('form').send({ _csrf: agent.csrf, reason: 'pensiun', inactive_from: '2026-12-01' }).expect(302);
      const row = await ctx.db.selectFrom('employees').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ active_to: '2026-11-30', end_reason: 'pensiun' });
      const page = await agent.get(`/employees/${e.nip}`);
      expect(page.text).toContain('Aktifkan kembali');

      await agent.post(`/employees/${e.nip}/reactivate`).type('form').send({ _csrf: agent.csrf }).expect(302);
      const back = await ctx.db.selectFrom('employees').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
      expect(back).toMatchObject({ active_to: null, end_reason: null });
      expect((await auditRows(ctx.db, 'employee', e.id)).map((a) => a.action)).toEqual(['deactivate', 'reactivate']);
    });
  });

  describe('opd scoping and read-only roles', () => {
    it('shows an opd user its own people only; another unit’s employee is a 404', async () => {
      const mine = await makeOpd(ctx.db);
      const other = await makeOpd(ctx.db);
      const own = await makeEmployee(ctx.db, { opdId: mine.id, name: 'Milik Sendiri Uji' });
      const foreign = await makeEmployee(ctx.db, { opdId: other.id, name: 'Milik Lain Uji' });
      const user = await makeUser(ctx.db, { role: 'opd', opdId: mine.id });
      const agent = await signIn(ctx.app, user.username);
      const list = await agent.get(`/employees?opd=${other.code}`);
      expect(list.text).toContain('Milik Sendiri Uji');
      expect(list.text).not.toContain('Milik Lain Uji');
      expect((await agent.get(`/employees/${own.nip}`)).status).toBe(200);
      expect((await agent.get(`/employees/${foreign.nip}`)).status).toBe(404);
      expect((await agent.get(`/employees/${foreign.nip}?year=2025`)).status).toBe(404);
    });

    it.each(['opd', 'sekda'] as const)('refuses every employee write of a %s user and changes nothing', async (role) => {
      const mine = await makeOpd(ctx.db);
      const other = await makeOpd(ctx.db);
      const own = await makeEmployee(ctx.db, { opdId: mine.id });
      const foreign = await makeEmployee(ctx.db, { opdId: other.id });
      const user = await makeUser(ctx.db, { role, opdId: role === 'opd' ? mine.id : null });
      const agent = await signIn(ctx.app, user.username);
      const before = await employeeCount();
      for (const e of [own, foreign]) {
        const gets = await Promise.all(
          ['edit', 'transfer', 'deactivate'].map((p) => agent.get(`/employees/${e.nip}/${p}`).then((r) => r.status)),
        );
        expect(gets).toEqual([403, 403, 403]);
        const posts = [
          await agent.post(`/employees/${e.nip}`).type('form').send({ _csrf: agent.csrf, nip: e.nip, name: 'Diubah', gender: e.gender, category: e.category }),
          await agent.post(`/employees/${e.nip}/transfer`).type('form').send({ _csrf: agent.csrf, opd_id: String(other.id), effective_date: '2026-12-07' }),
          await agent.post(`/employees/${e.nip}/deactivate`).type('form').send({ _csrf: agent.csrf, reason: 'berhenti', inactive_from: '2026-12-07' }),
          await agent.post(`/employees/${e.nip}/reactivate`).type('form').send({ _csrf: agent.csrf }),
        ];
        expect(posts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      }
      expect((await agent.get('/employees/new')).status).toBe(403);
      const create = await agent.post('/employees').type('form').send({ _csrf: agent.csrf, nip: freshNip(), name: 'Baru', gender: 'L', category: 'PNS', opd_id: String(mine.id), active_from: '2026-01-05' });
      expect(create.status).toBe(403);
      expect(await employeeCount()).toBe(before);
      const rows = await ctx.db.selectFrom('employees').selectAll().where('id', 'in', [own.id, foreign.id]).execute();
      expect(rows.map((r) => [r.name, r.active_to])).toEqual([[own.name, null], [foreign.name, null]]);
      const assignments = await ctx.db.selectFrom('assignments').selectAll().where('employee_id', 'in', [own.id, foreign.id]).execute();
      expect(assignments).toHaveLength(2);
      expect(await auditRows(ctx.db, 'employee', own.id)).toEqual([]);
    });

    it('lets sekda read any employee', async () => {
      const opd = await makeOpd(ctx.db);
      const e = await makeEmployee(ctx.db, { opdId: opd.id, name: 'Dibaca Sekda Uji' });
      const user = await makeUser(ctx.db, { role: 'sekda' });
      const agent = await signIn(ctx.app, user.username);
      const page = await agent.get(`/employees/${e.nip}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Dibaca Sekda Uji');
      expect(page.text).not.toContain(`/employees/${e.nip}/edit`);
    });
  });
});
