import crypto from 'node:crypto';
import request from 'supertest';
import { saveSettings } from '../../src/features/settings/settings.service';
import { signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeHoliday, makeUnit, makeUser } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/* Refusals of the session form (422 naming rows, nothing saved), the photo, holidays, hr's verdict. */
describe('session input', () => {
  const ctx = useTestApp();
  beforeEach(() => fixNow(MONDAY_MORNING));
  afterAll(() => resetNow());

  async function unitWithPage(people = 3) {
    const unit = await makeUnit(ctx.db, people);
    const agent = await signIn(ctx.app, unit.operator.username);
    const page = await agent.get(sessionUrl(unit.opd.code));
    return { ...unit, agent, fields: formFields(page.text) };
  }

  const sessionOf = (opdId: number) => ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opdId).executeTakeFirst();

  it('refuses an employee who is not expected, an unknown status and a missing status with 422 naming the rows', async () => {
    const { opd, employees, agent, fields } = await unitWithPage(3);
    const stranger = (await makeUnit(ctx.db, 1)).employees[0];
    const body = { ...fields, pembina: 'Tetap Ada', [`status[${stranger.id}]`]: 'H', [`status[${employees[0].id}]`]: 'XX', [`status[${employees[1].id}]`]: '', action: 'submit' };
    const res = await agent.post(sessionUrl(opd.code)).type('form').send(body);
    expect(res.status).toBe(422);
    // Named by the id the form sent: the NIP of another unit's employee stays unsaid.
    expect(res.text).toContain(`Pegawai dengan id ${stranger.id} tidak termasuk peserta apel unit ini`);
    expect(res.text).not.toContain(stranger.nip);
    expect(res.text).toContain(`Status untuk NIP ${employees[0].nip} tidak dikenal`);
    expect(res.text).toContain(`Status untuk NIP ${employees[1].nip} belum diisi`);
    expect(res.text).toContain('Ada 3 baris daftar hadir yang perlu diperbaiki');
    expect(formFields(res.text).pembina).toBe('Tetap Ada');
    expect(await sessionOf(opd.id)).toBeUndefined();
    expect(await ctx.db.selectFrom('attendance').select('employee_id').where('opd_id', '=', opd.id).execute()).toEqual([]);
  });

  it('keeps everyone the form did not send as saved (or pre-filled): a submission never leaves people out', async () => {
    const { opd, employees, agent, fields } = await unitWithPage(3);
    await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, [`status[${employees[0].id}]`]: 'S', [`note[${employees[0].id}]`]: 'surat dokter', action: 'draft' });
    const saved = formFields((await agent.get(sessionUrl(opd.code))).text);
    // Only the third person's row is sent, as one page of a paged list would be.
    const only = Object.fromEntries(Object.entries(saved).filter(([k]) => !/^(status|note)\[/.test(k)));
    const res = await agent.post(sessionUrl(opd.code)).type('form').send({ ...only, [`status[${employees[2].id}]`]: 'TK', action: 'submit' });
    expect(res.status).toBe(302);
    const rows = await ctx.db.selectFrom('attendance').select(['employee_id', 'status', 'note']).where('opd_id', '=', opd.id).orderBy('employee_id').execute();
    expect(rows.map((r) => [r.status, r.note])).toEqual([['S', 'surat dokter'], ['H', null], ['TK', null]]);
    expect(await sessionOf(opd.id)).toMatchObject({ state: 'submitted', expected_count: 3 });
  });

  it('keeps the saved roll-call untouched when a later save is refused', async () => {
    const { opd, employees, agent, fields } = await unitWithPage(2);
    await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, [`status[${employees[0].id}]`]: 'S', action: 'draft' });
    const saved = formFields((await agent.get(sessionUrl(opd.code))).text);
    const res = await agent.post(sessionUrl(opd.code)).type('form').send({ ...saved, [`status[${employees[0].id}]`]: 'TK', [`status[${employees[1].id}]`]: 'ZZ', action: 'draft' });
    expect(res.status).toBe(422);
    const rows = await ctx.db.selectFrom('attendance').select(['employee_id', 'status']).where('opd_id', '=', opd.id).orderBy('employee_id').execute();
    expect(rows.map((r) => r.status)).toEqual(['S', 'H']);
    expect((await sessionOf(opd.id))!.version).toBe(1);
  });

  it('requires a reason kind and text when the apel was not held, and then clears the roll-call', async () => {
    const { opd, agent, fields } = await unitWithPage(2);
    const res = await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, held: '0', action: 'submit' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="not_held_kind-error">Wajib diisi/);
    expect(res.text).toMatch(/id="not_held_reason-error">Wajib diisi/);
    expect(await sessionOf(opd.id)).toBeUndefined();

    const ok = await agent
      .post(sessionUrl(opd.code))
      .type('form')
      .send({ ...fields, held: '0', not_held_kind: 'cuaca_bencana', not_held_reason: 'Banjir di halaman kantor', action: 'submit' });
    expect(ok.status).toBe(302);
    const session = (await sessionOf(opd.id))!;
    expect(session).toMatchObject({ held: 0, not_held_kind: 'cuaca_bencana', expected_count: 0, rate: null, state: 'submitted' });
  });

  it('lets hr accept or reject a not-held reason, audited; operators and sekda cannot', async () => {
    const { opd, agent, fields } = await unitWithPage(1);
    await agent
      .post(sessionUrl(opd.code))
      .type('form')
      .send({ ...fields, held: '0', not_held_kind: 'kegiatan_dinas', not_held_reason: 'Upacara HUT provinsi', action: 'submit' });
    expect((await agent.post(`${sessionUrl(opd.code)}/reason`).type('form').send({ _csrf: agent.csrf, verdict: 'accept' })).status).toBe(403);
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    expect((await sekda.post(`${sessionUrl(opd.code)}/reason`).type('form').send({ _csrf: sekda.csrf, verdict: 'accept' })).status).toBe(403);

    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    expect((await hr.get(sessionUrl(opd.code))).text).toContain('Alasan belum diperiksa BKD');
    const res = await hr.post(`${sessionUrl(opd.code)}/reason`).type('form').send({ _csrf: hr.csrf, verdict: 'accept' });
    expect(res.status).toBe(302);
    const session = (await sessionOf(opd.id))!;
    expect(session.reason_accepted).toBe(1);
    expect(session.version).toBe(1);
    expect((await hr.get(sessionUrl(opd.code))).text).toContain('Alasan diterima BKD');
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', String(session.id)).where('action', '=', 'reason_verdict').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after!)).toEqual({ reason_accepted: 1 });
  });

  describe('photo', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

    function multipart(agent: Awaited<ReturnType<typeof signIn>>, url: string, fields: Record<string, string>) {
      let req = agent.post(url);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return req;
    }

    it('stores a PNG in the database and serves it back byte for byte only to those who may see the session', async () => {
      const { opd, agent, fields } = await unitWithPage(1);
      const res = await multipart(agent, sessionUrl(opd.code), { ...fields, action: 'draft' }).attach('photo', png, 'apel.png');
      expect(res.status).toBe(302);
      const session = (await sessionOf(opd.id))!;
      expect(session.photo_path).toBeNull();
      const stored = await ctx.db.selectFrom('files').selectAll().where('id', '=', session.photo_file_id!).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ kind: 'session_photo', mime: 'image/png', size: png.length, sha256: crypto.createHash('sha256').update(png).digest('hex') });
      const photo = await agent.get(`${sessionUrl(opd.code)}/photo`);
      expect(photo.status).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.headers['content-length']).toBe(String(png.length));
      expect(Buffer.compare(photo.body as Buffer, png)).toBe(0);
      const outsider = await signIn(ctx.app, (await makeUnit(ctx.db, 1)).operator.username);
      expect((await outsider.get(`${sessionUrl(opd.code)}/photo`)).status).toBe(404);
    });

    it('serves the photo with its SHA-256 as a strong ETag, 304 when the browser has it, 200 again once it changed', async () => {
      const { opd, agent, fields } = await unitWithPage(1);
      expect((await multipart(agent, sessionUrl(opd.code), { ...fields, action: 'draft' }).attach('photo', png, 'apel.png')).status).toBe(302);
      const url = `${sessionUrl(opd.code)}/photo`;
      const first = await agent.get(url);
      const etag = `"${crypto.createHash('sha256').update(png).digest('hex')}"`;
      expect(first.headers.etag).toBe(etag);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const again = await agent.get(url).set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect((await agent.get(url).set('If-None-Match', '"0000"')).status).toBe(200);

      // A new photo: the old ETag no longer matches, and the replaced file is gone from the store.
      const oldId = (await sessionOf(opd.id))!.photo_file_id!;
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]);
      const v1 = formFields((await agent.get(sessionUrl(opd.code))).text);
      expect((await multipart(agent, sessionUrl(opd.code), { ...v1, action: 'draft' }).attach('photo', jpeg, 'apel.jpg')).status).toBe(302);
      const changed = await agent.get(url).set('If-None-Match', etag);
      expect(changed.status).toBe(200);
      expect(changed.headers['content-type']).toBe('image/jpeg');
      expect(Buffer.compare(changed.body as Buffer, jpeg)).toBe(0);
      expect(await ctx.db.selectFrom('files').select('id').where('id', '=', oldId).executeTakeFirst()).toBeUndefined();
      // Signed out: neither the photo nor a 304 for it.
      expect((await request(ctx.app).get(url).set('If-None-Match', etag)).status).not.toBe(304);
    });

    it('reads the roll-call from a multipart form without a photo (a browser without JavaScript)', async () => {
      const { opd, employees, agent, fields } = await unitWithPage(3);
      const res = await multipart(agent, sessionUrl(opd.code), {
        ...fields,
        [`status[${employees[1].id}]`]: 'C:melahirkan',
        [`note[${employees[1].id}]`]: 'Surat cuti 3',
        [`status[${employees[2].id}]`]: 'TL',
        action: 'draft',
      });
      expect(res.status).toBe(302);
      const rows = await ctx.db.selectFrom('attendance').select(['status', 'cuti_type', 'note']).where('opd_id', '=', opd.id).orderBy('employee_id').execute();
      expect(rows).toEqual([
        { status: 'H', cuti_type: null, note: null },
        { status: 'C', cuti_type: 'melahirkan', note: 'Surat cuti 3' },
        { status: 'TL', cuti_type: null, note: null },
      ]);
    });

    it('refuses a file that is not an image, keeping the rest of the form and saving nothing', async () => {
      const { opd, agent, fields } = await unitWithPage(1);
      const res = await multipart(agent, sessionUrl(opd.code), { ...fields, pembina: 'Ibu Kepala', action: 'draft' }).attach(
        'photo',
        Buffer.from('%PDF-1.4 not a photo'),
        { filename: 'foto.jpg', contentType: 'image/jpeg' },
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('Berkas ini bukan foto JPG, PNG atau WebP.');
      expect(formFields(res.text).pembina).toBe('Ibu Kepala');
      expect(await sessionOf(opd.id)).toBeUndefined();
    });

    it('refuses a photo over 5 MB with a message, keeping the rest of the form', async () => {
      const { opd, agent, fields } = await unitWithPage(1);
      const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]);
      // The photo field comes first, as in the page, so the roll-call fields arrive after it.
      const res = await agent
        .post(sessionUrl(opd.code))
        .attach('photo', big, 'besar.png')
        .field({ ...fields, location: 'Aula', action: 'draft' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Foto lebih dari 5 MB');
      expect(formFields(res.text).location).toBe('Aula');
      expect(await sessionOf(opd.id)).toBeUndefined();
    });

    it('checks the CSRF token of the multipart form', async () => {
      const { opd, agent, fields } = await unitWithPage(1);
      const res = await multipart(agent, sessionUrl(opd.code), { ...fields, _csrf: 'forged', action: 'draft' });
      expect(res.status).toBe(403);
      expect(await sessionOf(opd.id)).toBeUndefined();
    });
  });

  describe('holidays', () => {
    const HOLIDAY = '2026-11-16';

    it('skips a holiday Monday by default: the page names the holiday (404) and refuses a save', async () => {
      await makeHoliday(ctx.db, HOLIDAY, { name: 'Libur Uji Senin' });
      const { opd, agent } = await unitWithPage(1);
      const page = await agent.get(sessionUrl(opd.code, HOLIDAY));
      expect(page.status).toBe(404);
      expect(page.text).toContain('Libur Uji Senin');
      expect(page.text).not.toContain('session-form');
      const post = await agent.post(sessionUrl(opd.code, HOLIDAY)).type('form').send({ _csrf: agent.csrf, version: '0', action: 'draft' });
      expect(post.status).toBe(404);
      expect((await agent.get(sessionUrl(opd.code, '2026-11-17'))).status).toBe(404);
    });

    it('moves the apel to Tuesday under next_working_day, and the Tuesday session works', async () => {
      const { opd, agent } = await unitWithPage(1);
      await saveSettings(ctx.db, { system: 'test' }, { holiday_policy: 'next_working_day' });
      try {
        const monday = await agent.get(sessionUrl(opd.code, HOLIDAY));
        expect(monday.status).toBe(404);
        expect(monday.text).toContain(`href="${sessionUrl(opd.code, '2026-11-17')}"`);
        const tuesday = await agent.get(sessionUrl(opd.code, '2026-11-17'));
        expect(tuesday.status).toBe(200);
        const res = await agent.post(sessionUrl(opd.code, '2026-11-17')).type('form').send({ ...formFields(tuesday.text), action: 'submit' });
        expect(res.status).toBe(302);
        const session = await ctx.db.selectFrom('sessions').selectAll().where('opd_id', '=', opd.id).where('pledge_date', '=', '2026-11-17').executeTakeFirstOrThrow();
        expect(session.state).toBe('submitted');
      } finally {
        await saveSettings(ctx.db, { system: 'test' }, { holiday_policy: 'skip' });
      }
    });
  });

  it('serves the page to hr with the counts and rate of the saved session, HD excluded when virtual attendance does not count', async () => {
    const { opd, employees, agent, fields } = await unitWithPage(4);
    await saveSettings(ctx.db, { system: 'test' }, { virtual_counts: false });
    try {
      const [a, b, c] = employees;
      await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, [`status[${a.id}]`]: 'HD', [`status[${b.id}]`]: 'TL', [`status[${c.id}]`]: 'TB', action: 'draft' });
      const session = (await sessionOf(opd.id))!;
      expect(session).toMatchObject({ count_h: 1, count_hd: 1, count_tl: 1, count_tb: 1, expected_count: 4, excused_count: 1, compliant_count: 2 });
      expect(session.rate).toBeCloseTo(2 / 3);
    } finally {
      await saveSettings(ctx.db, { system: 'test' }, { virtual_counts: true });
    }
  });

  it('keeps the date of the session on its attendance rows', async () => {
    const { opd, agent, fields } = await unitWithPage(1);
    await agent.post(sessionUrl(opd.code)).type('form').send({ ...fields, action: 'draft' });
    const row = await ctx.db.selectFrom('attendance').selectAll().where('opd_id', '=', opd.id).executeTakeFirstOrThrow();
    expect(row.pledge_date).toBe(MONDAY);
  });
});
