import { Settings } from 'luxon';
import { writeAudit } from '../../src/features/audit/audit.service';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeUser } from '../support/factories';

/*
 * The audit trail reads like a record a person can sign: field labels instead of column names,
 * names instead of ids, times in the instance's zone (Asia/Jakarta in tests), in both languages.
 */
describe('readable audit trail', () => {
  const ctx = useTestApp();
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('names people, units and users, and shows local times, on the audit page and the employee page', async () => {
    const opd = await makeOpd(ctx.db, { code: 'AUD-RD' });
    const employee = await makeEmployee(ctx.db, { opdId: opd.id, name: 'Siti Rahayu' });
    const clerk = await makeUser(ctx.db, { role: 'hr' });
    Settings.now = () => Date.parse('2026-11-02T01:00:00Z');
    await writeAudit(ctx.db, { user: { id: clerk.id, username: clerk.username, via: 'session' } }, {
      entity: 'planned_absence',
      entityId: 9,
      action: 'cancel',
      opdId: opd.id,
      before: { cancelled_at: null },
      after: { employee_id: employee.id, cancelled_at: '2026-11-02T01:00:00.000Z', cancelled_by: clerk.id, opd_id: opd.id },
    });
    await writeAudit(ctx.db, { user: { id: clerk.id, username: clerk.username, via: 'session' } }, {
      entity: 'employee',
      entityId: employee.id,
      action: 'update',
      opdId: opd.id,
      after: { attendance: [{ employee_id: employee.id, nip: employee.nip, from: 'H', to: 'TK' }], active: 1 },
    });
    Settings.now = () => Date.now();

    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    const page = await agent.get('/audit');
    expect(page.status).toBe(200);
    const text = page.text;
    expect(text).toContain(`<strong>Pegawai</strong>: <del>–</del> → <ins>Siti Rahayu (${employee.nip})</ins>`);
    expect(text).toContain(`<strong>Dibatalkan oleh</strong>: <del>–</del> → <ins>${clerk.display_name}</ins>`);
    expect(text).toContain('<strong>Unit kerja</strong>: <del>–</del> → <ins>AUD-RD</ins>');
    // 01:00 UTC is 08.00 in Jakarta.
    expect(text).toContain('<strong>Dibatalkan pada</strong>: <del>–</del> → <ins>2 Nov 2026 08.00</ins>');
    expect(text).toContain(`<strong>Daftar hadir</strong>: <del>–</del> → <ins>Siti Rahayu (${employee.nip}): H → TK</ins>`);
    expect(text).toContain(`Pegawai: Siti Rahayu (${employee.nip})`);
    expect(text).toContain(`${clerk.display_name} <small>${clerk.username}</small>`);
    for (const raw of ['employee_id', 'cancelled_by', 'cancelled_at', '<ins>2026-11-02T01:00']) expect(text).not.toContain(raw);

    const english = await agent.get('/audit?lang=en');
    expect(english.text).toContain('<strong>Cancelled by</strong>');
    expect(english.text).toContain('<strong>Active</strong>: <del>–</del> → <ins>Yes</ins>');

    const history = await agent.get(`/employees/${employee.nip}?lang=id`);
    expect(history.text).toContain(`<ins>Siti Rahayu (${employee.nip}): H → TK</ins>`);
    expect(history.text).toContain(clerk.display_name);
  });
});
