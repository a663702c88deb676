import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/database';
import { addDays } from '../../lib/calendar';
import { writeAudit, type AuditActor } from '../audit/audit.service';
import { refreshStreaks } from '../compliance/employee-stats';
import { recomputeCompliance, recomputeLate, refreshFlagState } from '../compliance/rollup';
import { sessionDateRange } from '../compliance/rollup.repository';
import { refreshCounted } from '../events/counted';
import { loadHolidayMap } from '../holidays/holidays.service';
import type { SettingKey, Settings } from './settings.defaults';
import { getSettings, upsertSetting, type StoredType } from './settings.repository';

function typeOf(value: unknown): StoredType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'json';
}

/** Stores validated values and audits each change (before and after). */
export async function saveSettings(db: Db, actor: AuditActor, values: Partial<Settings>): Promise<void> {
  const current = await getSettings(db);
  for (const key of Object.keys(values) as SettingKey[]) {
    const value = values[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) continue;
    const type = typeOf(value);
    const stored = type === 'json' ? JSON.stringify(value) : type === 'boolean' ? (value ? '1' : '0') : String(value);
    await upsertSetting(db, key, stored, type, actor.user?.id ?? null);
    await writeAudit(db, actor, { entity: 'setting', entityId: key, action: 'update', before: current[key], after: value });
  }
}

const DEADLINE_KEYS: SettingKey[] = ['deadline_days_after', 'deadline_time'];
const LADDER_KEYS: SettingKey[] = ['ladder_pns', 'ladder_pppk'];

/**
 * Saves the settings page in one transaction and keeps stored figures consistent with the new
 * rules, so every period (past ones included) is read under the same settings:
 * - virtual attendance counting changes what "compliant" means: compliant counts and rates of
 *   every session are recomputed from their per-status counts;
 * - a new deadline rule re-decides "late" for every submitted session;
 * - a new ladder re-decides every employee-year's recommended step and open flag;
 * - a new holiday policy moves pledge dates, so the weeks that break a TK streak: streaks are
 *   recomputed;
 * - new counted event kinds (or pledge dates) decide again which event roll-calls count, and the
 *   TK counts of the people on them (events/counted.ts).
 * Thresholds are applied when figures are read, so nothing is stored for them.
 */
export async function updateSettings(db: Kysely<Database>, actor: AuditActor, values: Partial<Settings>, zone: string): Promise<SettingKey[]> {
  return db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    const changed = (Object.keys(values) as SettingKey[]).filter((k) => JSON.stringify(values[k]) !== JSON.stringify(before[k]));
    if (!changed.length) return [];
    await saveSettings(trx, actor, values);
    const after = await getSettings(trx);
    const recomputed: Record<string, unknown> = {};
    if (changed.includes('virtual_counts')) {
      await recomputeCompliance(trx, after.virtual_counts);
      recomputed.session_rates = true;
    }
    if (changed.some((k) => DEADLINE_KEYS.includes(k))) {
      const range = await sessionDateRange(trx);
      const holidays = range ? await loadHolidayMap(trx, range.from, addDays(range.to, 31)) : new Map();
      recomputed.late_changed = await recomputeLate(trx, after, zone, holidays);
    }
    if (changed.includes('holiday_policy')) {
      await refreshStreaks(trx, undefined, after);
      recomputed.streaks = true;
    }
    if (changed.includes('event_kinds_counted') || changed.includes('holiday_policy')) {
      recomputed.event_sessions = await refreshCounted(trx);
    }
    if (changed.some((k) => LADDER_KEYS.includes(k))) {
      await refreshFlagState(trx, after);
      recomputed.employee_flags = true;
    }
    if (Object.keys(recomputed).length) {
      await writeAudit(trx, actor, { entity: 'setting', entityId: 'rollups', action: 'recompute', after: recomputed });
    }
    return changed;
  });
}
