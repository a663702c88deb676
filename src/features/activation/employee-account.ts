import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import { writeAudit } from '../audit/audit.service';
import { insertAccount } from './activation.repository';

/**
 * An employee's own account (role pegawai, username = the NIP), made by an activation code or by
 * the first single sign-on, and audited the same way either way. `passwordSet` is false for an
 * SSO account, which has no password until the employee chooses one.
 */
export async function createEmployeeAccount(
  trx: Db,
  employee: { id: number; nip: string; name: string },
  o: { passwordHash: string; passwordSet: boolean; action: 'activate' | 'sso_create'; requestId?: string },
): Promise<number> {
  const now = nowIso();
  const username = employee.nip.toLowerCase();
  const userId = await insertAccount(trx, {
    username,
    display_name: employee.name,
    email: null,
    password_hash: o.passwordHash,
    role: 'pegawai',
    opd_id: null,
    employee_id: employee.id,
    language: null,
    password_changed_at: o.passwordSet ? now : null,
    last_login_at: now,
    created_at: now,
    updated_at: now,
  });
  await writeAudit(trx, { user: { id: userId, username, via: 'session' }, requestId: o.requestId }, { entity: 'user', entityId: userId, action: o.action, after: { username, role: 'pegawai' } });
  return userId;
}
