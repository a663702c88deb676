import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from './settings.defaults';

function typeOf(value: unknown): 'string' | 'number' | 'boolean' | 'json' {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

function decode(type: string, value: string): unknown {
  if (type === 'number') return Number(value);
  if (type === 'boolean') return value === '1' || value === 'true';
  if (type === 'json') return JSON.parse(value);
  return value;
}

/** The instance's settings: stored values over the defaults. One small query. */
export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value', 'type']).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (row.key in DEFAULT_SETTINGS) settings[row.key] = decode(row.type, row.value);
  }
  return settings as Settings;
}

/** Stores validated values and audits each change (before and after). */
export async function saveSettings(db: Db, actor: AuditActor, values: Partial<Settings>): Promise<void> {
  const current = await getSettings(db);
  for (const key of Object.keys(values) as SettingKey[]) {
    const value = values[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) continue;
    const type = typeOf(value);
    const stored = type === 'json' ? JSON.stringify(value) : type === 'boolean' ? (value ? '1' : '0') : String(value);
    await db
      .insertInto('settings')
      .values({ key, value: stored, type, updated_by: actor.user?.id ?? null, updated_at: nowIso() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: stored, type, updated_by: actor.user?.id ?? null, updated_at: nowIso() }))
      .execute();
    await writeAudit(db, actor, { entity: 'setting', entityId: key, action: 'update', before: current[key], after: value });
  }
}
