import { signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeAbsence, makeEmployee, makeEmployeeAccount, makeOpd, makeSession, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * An employee's request with its letter, from filing to the decision: what is refused (and
 * leaves nothing behind), what an approval changes (planned absence, the saved roll-call row
 * through the writer, audit, notice), who may see the letter, and the employee's own page.
 * Now is Monday 23 November 2026, 10:00 WIB; that apel's deadline is Tuesday 12:00 WIB.
 */
type A = Agent & { csrf: string };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const FAKE_PDF = Buffer.from('<html><script>alert(1)</script></html>');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('requests: izin, sakit, dinas luar, cuti with their letter', () => {
  const ctx = useTestApp();
  let ani: { id: number; nip: string }, budi: { id: number; nip: string };
  let unitA: { id: number; code: string };
  let aniAgent: A, budiAgent: A, opdA: A, opdB: A, hr: A, sekda: A;
  let aniUserId: number;
  let draftId: number;

  beforeAll(async () => {
    fixNow(MONDAY_MORNING);
    unitA = await makeOpd(ctx.db, { code: 'REQA' });
    const unitB = await makeOpd(ctx.db, { code: 'REQB' });
    ani = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Ani Lestari' });
    budi = await makeEmployee(ctx.db, { opdId: unitA.id, name: 'Budi Santoso' });
    aniUserId = (await makeEmployeeAccount(ctx.db, ani)).id;
    await makeEmployeeAccount(ctx.db, budi);
    aniAgent = await signIn(ctx.app, ani.nip);
    budiAgent = await signIn(ctx.app, budi.nip);
    opdA = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitA.id })).username);
    opdB = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unitB.id })).username);
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    // Today's roll-call is saved as a draft: the approval must change Ani's row in it.
    draftId = (await makeSession(ctx.db, { opdId: unitA.id, date: MONDAY, state: 'draft', roll: [[ani.id, 'H'], [budi.id, 'H']] })).id;
  });
  afterAll(() => resetNow());

  const file = (agent: A, fields: Record<string, string>, letter: Buffer | null = PDF, name = 'surat.pdf') => {
    let req = agent.post('/me/requests').field('_csrf', agent.csrf);
    for (const [k, v] of Object.entries({ kind: 'S', start_date: MONDAY, end_date: '2026-11-25', reason: 'Demam, istirahat dokter', ...fields })) req = req.field(k, v);
    return letter ? req.attach('letter', letter, { filename: name, contentType: 'application/pdf' }) : req;
  };
  const requestsOf = (employeeId: number) => ctx.db.selectFrom('absence_requests').selectAll().where('employee_id', '=', employeeId).orderBy('id').execute();
  const fileCount = async () => Number((await ctx.db.selectFrom('request_files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rowOf = (employeeId: number) =>
    ctx.db.selectFrom('attendance').select(['status', 'cuti_type', 'planned_absence_id']).where('session_id', '=', draftId).where('employee_id', '=', employeeId).executeTakeFirstOrThrow();

  let aniRequest: number;

  describe('filing', () => {
    it('stores the request and its PDF letter, bytes in the database', async () => {
      const res = await file(aniAgent, { letter_ref: 'SKD/12/2026' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/me#requests');
      const [row] = await requestsOf(ani.id);
      expect(row).toMatchObject({ kind: 'S', start_date: MONDAY, end_date: '2026-11-25', state: 'pending', opd_id: unitA.id, letter_ref: 'SKD/12/2026' });
      aniRequest = row.id;
      const stored = await ctx.db.selectFrom('request_files').selectAll().where('request_id', '=', row.id).executeTakeFirstOrThrow();
      expect(stored.mime).toBe('application/pdf');
      expect(Buffer.from(stored.data).equals(PDF)).toBe(true);
      expect((await auditRows(ctx.db, 'absence_request', row.id)).map((a) => a.action)).toEqual(['create']);
    });

    it.each([
      ['a file that only claims to be a PDF', { }, FAKE_PDF, 'isi berkas ini bukan salah satunya'],
      ['a letter over 5 MB', {}, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)]), 'Surat terlalu besar'],
      ['no letter', {}, null, 'Lampirkan surat pendukung'],
      ['dates overlapping a pending request', { start_date: '2026-11-25', end_date: '2026-12-01' }, PDF, 'Bertumpuk dengan permohonan Anda'],
      ['an apel whose deadline has passed', { start_date: '2026-11-16', end_date: '2026-11-16' }, PDF, 'Batas waktu laporan apel 2026-11-16 sudah lewat'],
      ['an end before the start', { start_date: '2026-12-02', end_date: '2026-11-30' }, PDF, 'Tanggal akhir tidak boleh sebelum'],
      ['a range of more than 90 days', { start_date: '2026-11-30', end_date: '2027-03-30' }, PDF, 'paling lama 90 hari'],
    ])('refuses %s with a message and saves nothing', async (_name, fields, letter, message) => {
      const before = { requests: (await requestsOf(ani.id)).length, files: await fileCount() };
      const res = await file(aniAgent, fields, letter);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect({ requests: (await requestsOf(ani.id)).length, files: await fileCount() }).toEqual(before);
    });

    it('refuses dates overlapping a planned absence of the same employee', async () => {
      await makeAbsence(ctx.db, { employeeId: budi.id, status: 'DL', from: '2026-11-30', to: '2026-12-01', ref: 'ST/9/2026' });
      const res = await file(budiAgent, { kind: 'I', start_date: '2026-11-30', end_date: '2026-11-30' }, PNG, 'surat.png');
      expect(res.status).toBe(422);
      expect(res.text).toContain('Bertumpuk dengan ketidakhadiran terencana');
      expect(await requestsOf(budi.id)).toEqual([]);
    });

    it('refuses a body far larger than any real form before reading it (413)', async () => {
      const res = await file(aniAgent, { start_date: '2026-12-07', end_date: '2026-12-07' }, Buffer.alloc(16 * 1024 * 1024, 0x25));
      expect(res.status).toBe(413);
      expect(await fileCount()).toBe(1);
    });

    it('answers in English for an English reader', async () => {
      await aniAgent.post('/account/language').type('form').send({ language: 'en', _csrf: aniAgent.csrf });
      const res = await file(aniAgent, {}, FAKE_PDF);
      await aniAgent.post('/account/language').type('form').send({ language: 'id', _csrf: aniAgent.csrf });
      expect(res.status).toBe(422);
      expect(res.text).toContain('content is none of them');
    });
  });

  describe('the letter', () => {
    it('is served inline, typed by its content, to the employee, the unit operator and hr', async () => {
      for (const agent of [aniAgent, opdA, hr]) {
        const res = await agent.get(`/requests/${aniRequest}/letter`).buffer(true).parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe('inline');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect((res.body as Buffer).equals(PDF)).toBe(true);
      }
    });

    it('is a 404 to another employee and to another unit, a 403 to sekda', async () => {
      expect((await budiAgent.get(`/requests/${aniRequest}/letter`)).status).toBe(404);
      expect((await opdB.get(`/requests/${aniRequest}/letter`)).status).toBe(404);
      expect((await sekda.get(`/requests/${aniRequest}/letter`)).status).toBe(403);
      expect((await hr.get('/requests/99999/letter')).status).toBe(404);
    });
  });

  describe('deciding', () => {
    it('shows the unit its pending requests and the count on its home page', async () => {
      const list = await opdA.get('/requests');
      expect(list.status).toBe(200);
      expect(list.text).toContain('Ani Lestari');
      expect(list.text).toContain('Sakit');
      expect((await opdB.get('/requests')).text).not.toContain('Ani Lestari');
      expect((await opdA.get(`/opd/${unitA.code}`)).text).toContain('1 permohonan izin/cuti menunggu keputusan');
    });

    it('lets another unit neither approve nor reject: 404, nothing changes', async () => {
      for (const path of ['approve', 'reject']) {
        const res = await opdB.post(`/requests/${aniRequest}/${path}`).type('form').send({ note: 'x', _csrf: opdB.csrf });
        expect(res.status).toBe(404);
      }
      expect((await requestsOf(ani.id))[0].state).toBe('pending');
    });

    it('approves: a planned absence, the saved draft row changed through the writer with an audit row, a notice', async () => {
      const res = await opdA.post(`/requests/${aniRequest}/approve`).type('form').send({ note: 'Semoga lekas sembuh', _csrf: opdA.csrf });
      expect(res.status).toBe(302);
      const [req] = await requestsOf(ani.id);
      expect(req).toMatchObject({ state: 'approved', decision_note: 'Semoga lekas sembuh' });
      const absence = await ctx.db.selectFrom('planned_absences').selectAll().where('id', '=', req.planned_absence_id!).executeTakeFirstOrThrow();
      expect(absence).toMatchObject({ employee_id: ani.id, status: 'S', start_date: MONDAY, end_date: '2026-11-25', document_ref: 'SKD/12/2026', cancelled_at: null });
      expect(await rowOf(ani.id)).toEqual({ status: 'S', cuti_type: null, planned_absence_id: absence.id });
      expect((await rowOf(budi.id)).status).toBe('H');
      const [audit] = await auditRows(ctx.db, 'attendance', `${draftId}:${ani.id}`);
      expect(audit.action).toBe('request_approved');
      expect(JSON.parse(audit.after!)).toMatchObject({ status: 'S', request_id: aniRequest });
      expect(JSON.parse(audit.before!)).toMatchObject({ status: 'H' });
      expect((await auditRows(ctx.db, 'absence_request', aniRequest)).map((a) => a.action)).toEqual(['create', 'approve']);
      const session = await ctx.db.selectFrom('sessions').select(['version', 'state']).where('id', '=', draftId).executeTakeFirstOrThrow();
      expect(session).toEqual({ version: 2, state: 'draft' });
      const notices = await ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', aniUserId).execute();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ kind: 'request_approved', link: '/me' });
      expect(notices[0].title).toContain('Sakit');
    });

    it('refuses a second decision on the same request', async () => {
      const res = await hr.post(`/requests/${aniRequest}/reject`).type('form').send({ note: 'terlambat', _csrf: hr.csrf });
      expect(res.status).toBe(409);
      expect(res.text).toContain('sudah diputuskan');
      expect((await requestsOf(ani.id))[0].state).toBe('approved');
    });

    it('needs a note to reject, and a rejection changes nothing but the request', async () => {
      expect((await file(budiAgent, { kind: 'DL', start_date: '2026-12-07', end_date: '2026-12-08' })).status).toBe(302);
      const [req] = await requestsOf(budi.id);
      const counts = async () => ({
        audit: Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
        absences: (await ctx.db.selectFrom('planned_absences').select('id').where('employee_id', '=', budi.id).execute()).length,
        notices: (await ctx.db.selectFrom('notifications').select('id').execute()).length,
      });
      const before = await counts();
      const bare = await opdA.post(`/requests/${req.id}/reject`).type('form').send({ note: '  ', _csrf: opdA.csrf });
      expect(bare.status).toBe(422);
      expect(bare.text).toContain('Tulis alasan penolakan');
      expect((await requestsOf(budi.id))[0].state).toBe('pending');
      expect(await counts()).toEqual(before);

      await opdA.post(`/requests/${req.id}/reject`).type('form').send({ note: 'Surat tugas belum ditandatangani', _csrf: opdA.csrf });
      expect((await requestsOf(budi.id))[0]).toMatchObject({ state: 'rejected', decision_note: 'Surat tugas belum ditandatangani', planned_absence_id: null });
      const after = await counts();
      expect(after).toEqual({ audit: before.audit + 1, absences: before.absences, notices: before.notices + 1 });
      expect((await rowOf(budi.id)).status).toBe('H');
    });
  });

  describe('/me', () => {
    it('shows my status in words, the unit state, and my requests with their state and note', async () => {
      const me = await aniAgent.get('/me');
      expect(me.status).toBe(200);
      const today = me.text.slice(me.text.indexOf('23 November 2026'));
      expect(today).toMatch(/Status saya: <span class="badge status-S">Sakit<\/span>/);
      expect(today).toContain('Daftar hadir unit: <span class="badge state-draf">Draf</span>');
      // Last Monday: nobody saved that roll-call.
      expect(me.text.slice(me.text.indexOf('16 November 2026'))).toContain('Belum diisi');
      expect(me.text).toContain('Disetujui');
      expect(me.text).toContain('Semoga lekas sembuh');
      expect(me.text).toContain('href="/me/requests/new"');
      expect(me.text).toContain('SKD/12/2026');
    });

    it('shows a rejection with its note to the employee', async () => {
      const me = await budiAgent.get('/me');
      expect(me.text).toContain('Ditolak');
      expect(me.text).toContain('Surat tugas belum ditandatangani');
    });

    it('offers the request form to the employee only', async () => {
      expect((await aniAgent.get('/me/requests/new')).status).toBe(200);
      expect((await opdA.get('/me/requests/new')).status).toBe(403);
    });
  });
});
