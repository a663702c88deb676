import request from 'supertest';
import { signIn, useTestApp } from '../support/app';
import { makeOpd, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

describe('OPDs', () => {
  const ctx = useTestApp();
  const opdCount = async () => Number((await ctx.db.selectFrom('opds').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('sends anonymous visitors to sign in', async () => {
    const res = await request(ctx.app).get('/opds');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?next=%2Fopds');
  });

  it('lists units as a tree, sub-units inside their parent', async () => {
    const parent = await makeOpd(ctx.db, { code: 'SETDA-T', name: 'Sekretariat Daerah Uji' });
    await makeOpd(ctx.db, { code: 'BAG-ORG-T', name: 'Bagian Organisasi Uji', parent_id: parent.id, kind: 'bagian' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const res = await agent.get('/opds');
    expect(res.status).toBe(200);
    const parentItem = res.text.slice(res.text.indexOf('SETDA-T'));
    const nested = parentItem.slice(0, parentItem.indexOf('</li>'));
    expect(nested).toContain('<ul class="opd-tree">');
    expect(nested).toContain('BAG-ORG-T');
    expect(res.text).toContain('Tambah OPD');
  });

  it('creates a unit with its code in upper case and audits it', async () => {
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const res = await agent.post('/opds').type('form').send({
      _csrf: agent.csrf,
      code: ' dinkes-t ',
      name: 'Dinas Kesehatan Uji',
      kind: 'dinas',
      parent_id: '',
      active_from: '2024-01-01',
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/opds/DINKES-T');
    const opd = await ctx.db.selectFrom('opds').selectAll().where('code', '=', 'DINKES-T').executeTakeFirstOrThrow();
    expect(opd.name).toBe('Dinas Kesehatan Uji');
    const audit = await auditRows(ctx.db, 'opd', opd.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0].actor).toBe(hr.username);
    // any case in the URL
    const page = await agent.get('/opds/dinkes-t');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Dinas Kesehatan Uji');
    expect(page.text).toContain('dibuat');
  });

  it('refuses a duplicate code with a message beside the field, not a 500', async () => {
    await makeOpd(ctx.db, { code: 'DUPL-T' });
    const admin = await makeUser(ctx.db, { role: 'admin' });
    const agent = await signIn(ctx.app, admin.username);
    const before = await opdCount();
    const res = await agent.post('/opds').type('form').send({
      _csrf: agent.csrf,
      code: 'dupl-t',
      name: 'Nama Baru Uji',
      kind: 'badan',
      active_from: '2024-01-01',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kode ini sudah dipakai OPD lain.');
    expect(res.text).toContain('value="Nama Baru Uji"');
    expect(await opdCount()).toBe(before);
  });

  it('turns check-in on with an apel point, all three parts or none, and audits it', async () => {
    const opd = await makeOpd(ctx.db, { code: 'GEO-T', name: 'Dinas Titik Uji' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const base = { _csrf: agent.csrf, name: opd.name, kind: 'dinas', parent_id: '', active_from: '2020-01-01', check_in: '1' };
    const half = await agent.post('/opds/GEO-T').type('form').send({ ...base, apel_lat: '-6.99', apel_lng: '', apel_radius_m: '150' });
    expect(half.status).toBe(422);
    expect(half.text).toContain('Isi lintang, bujur dan radius sekaligus');
    const bad = await agent.post('/opds/GEO-T').type('form').send({ ...base, apel_lat: '-96', apel_lng: '110,42', apel_radius_m: '5' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Isi derajat desimal');
    expect(bad.text).toContain('10 sampai 5000 meter');
    expect(await ctx.db.selectFrom('opds').select(['check_in', 'apel_lat']).where('id', '=', opd.id).executeTakeFirstOrThrow()).toEqual({ check_in: 0, apel_lat: null });
    const ok = await agent.post('/opds/GEO-T').type('form').send({ ...base, apel_lat: '-6.99323', apel_lng: '110,42037', apel_radius_m: '150' });
    expect(ok.status).toBe(302);
    expect(await ctx.db.selectFrom('opds').select(['check_in', 'apel_lat', 'apel_lng', 'apel_radius_m']).where('id', '=', opd.id).executeTakeFirstOrThrow()).toEqual({ check_in: 1, apel_lat: -6.99323, apel_lng: 110.42037, apel_radius_m: 150 });
    const form = await agent.get('/opds/GEO-T/edit');
    expect(form.text).toMatch(/id="check_in" name="check_in" value="1" checked/);
    expect(form.text).toContain('value="110.42037"');
    const audit = await auditRows(ctx.db, 'opd', opd.id);
    expect(JSON.parse(audit[audit.length - 1].after!)).toMatchObject({ check_in: 1, apel_radius_m: 150 });
  });

  it('re-renders every bad field with a translated message and the input kept', async () => {
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const res = await agent.post('/opds').type('form').send({
      _csrf: agent.csrf,
      code: 'x',
      name: '',
      kind: 'kerajaan',
      parent_id: '99999',
      active_from: '2024-02-30',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="code-error">Kode harus 2–20 huruf, angka, atau tanda hubung.');
    expect(res.text).toContain('id="name-error">Wajib diisi.');
    expect(res.text).toContain('id="kind-error">Pilihan tidak dikenal.');
    expect(res.text).toContain('id="active_from-error">Tanggal tidak valid');
    expect(res.text).toContain('value="x"');

    const en = await agent.post('/opds?lang=en').type('form').send({ _csrf: agent.csrf, code: 'a b', name: 'N', kind: 'dinas', active_from: '2024-01-01' });
    expect(en.status).toBe(422);
    expect(en.text).toContain('The code must be 2–20 letters, digits or hyphens.');
    await agent.get('/opds?lang=id');
  });

  it('edits a unit, refuses a parent below itself and keeps the code', async () => {
    const top = await makeOpd(ctx.db, { code: 'TOP-T' });
    const sub = await makeOpd(ctx.db, { code: 'SUB-T', parent_id: top.id });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const cycle = await agent.post('/opds/TOP-T').type('form').send({
      _csrf: agent.csrf,
      name: top.name,
      kind: 'dinas',
      parent_id: String(sub.id),
      active_from: top.active_from,
    });
    expect(cycle.status).toBe(422);
    expect(cycle.text).toContain('Induk tidak boleh unit ini sendiri atau sub-unitnya.');

    const ok = await agent.post('/opds/TOP-T').type('form').send({
      _csrf: agent.csrf,
      code: 'HACKED',
      name: 'Nama Diubah Uji',
      kind: 'badan',
      parent_id: '',
      active_from: top.active_from,
    });
    expect(ok.status).toBe(302);
    const row = await ctx.db.selectFrom('opds').selectAll().where('id', '=', top.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ code: 'TOP-T', name: 'Nama Diubah Uji', kind: 'badan' });
    const audit = await auditRows(ctx.db, 'opd', top.id);
    expect(JSON.parse(audit[0].before!)).toEqual({ name: top.name, kind: 'dinas' });
    expect(JSON.parse(audit[0].after!)).toEqual({ name: 'Nama Diubah Uji', kind: 'badan' });
  });

  it('deactivates a unit from a date (the day before is its last) and can bring it back', async () => {
    const opd = await makeOpd(ctx.db, { code: 'TUTUP-T', active_from: '2020-01-01' });
    const hr = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, hr.username);
    const early = await agent.post('/opds/TUTUP-T/deactivate').type('form').send({ _csrf: agent.csrf, inactive_from: '2020-01-01' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('Tanggal harus setelah tanggal aktif sejak.');

    await agent.post('/opds/TUTUP-T/deactivate').type('form').send({ _csrf: agent.csrf, inactive_from: '2026-12-01' }).expect(302);
    let row = await ctx.db.selectFrom('opds').selectAll().where('id', '=', opd.id).executeTakeFirstOrThrow();
    expect(row.active_to).toBe('2026-11-30');

    await agent.post('/opds/TUTUP-T/reactivate').type('form').send({ _csrf: agent.csrf }).expect(302);
    row = await ctx.db.selectFrom('opds').selectAll().where('id', '=', opd.id).executeTakeFirstOrThrow();
    expect(row.active_to).toBeNull();
    expect((await auditRows(ctx.db, 'opd', opd.id)).map((a) => a.action)).toEqual(['deactivate', 'reactivate']);
  });

  it('shows an opd user its own unit only and 404 for another', async () => {
    const mine = await makeOpd(ctx.db, { code: 'MINE-T', name: 'Unit Saya Uji' });
    await makeOpd(ctx.db, { code: 'OTHER-T', name: 'Unit Lain Uji' });
    const user = await makeUser(ctx.db, { role: 'opd', opdId: mine.id });
    const agent = await signIn(ctx.app, user.username);
    const list = await agent.get('/opds');
    expect(list.text).toContain('Unit Saya Uji');
    expect(list.text).not.toContain('Unit Lain Uji');
    expect(list.text).not.toContain('Tambah OPD');
    expect((await agent.get('/opds/MINE-T')).status).toBe(200);
    expect((await agent.get('/opds/OTHER-T')).status).toBe(404);
    expect((await agent.get('/opds/NOPE-T')).status).toBe(404);
  });

  it.each(['sekda', 'opd'] as const)('refuses every write of a %s user and changes nothing', async (role) => {
    const opd = await makeOpd(ctx.db, { code: `RO-${role.toUpperCase()}` });
    const user = await makeUser(ctx.db, { role, opdId: role === 'opd' ? opd.id : null });
    const agent = await signIn(ctx.app, user.username);
    const before = await opdCount();
    expect((await agent.get('/opds/new')).status).toBe(403);
    expect((await agent.get(`/opds/${opd.code}/edit`)).status).toBe(403);
    const create = await agent.post('/opds').type('form').send({ _csrf: agent.csrf, code: 'NEW-RO', name: 'X', kind: 'dinas', active_from: '2024-01-01' });
    const update = await agent.post(`/opds/${opd.code}`).type('form').send({ _csrf: agent.csrf, name: 'Diubah', kind: 'dinas', active_from: '2020-01-01' });
    const deactivate = await agent.post(`/opds/${opd.code}/deactivate`).type('form').send({ _csrf: agent.csrf, inactive_from: '2026-01-01' });
    expect([create.status, update.status, deactivate.status]).toEqual([403, 403, 403]);
    expect(await opdCount()).toBe(before);
    const row = await ctx.db.selectFrom('opds').selectAll().where('id', '=', opd.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: opd.name, active_to: null });
    expect(await auditRows(ctx.db, 'opd', opd.id)).toEqual([]);
  });
});
