import type { Db } from '../../db/connect';
import { nowIso } from '../../lib/clock';
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from './settings.defaults';
import { tppFromSinglePercent, upgradeLadder } from './settings.upgrade';

// Reading settings depends on nothing but the table: compliance, holidays and every feature that
// judges by the rules import it from here, while settings.service (which refreshes the rollups
// after a change) imports them. Keeping the two apart is what keeps imports out of a circle.

export type StoredType = 'string' | 'number' | 'boolean' | 'json';

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
  const stored = new Map(rows.map((r) => [r.key, decode(r.type, r.value)]));
  for (const [key, value] of stored) {
    if (key in DEFAULT_SETTINGS) settings[key] = value;
  }
  settings.ladder_pns = upgradeLadder(settings.ladder_pns);
  settings.ladder_pppk = upgradeLadder(settings.ladder_pppk);
  // An instance saved before TPP was set per category kept one percentage for everybody.
  const single = stored.get('tpp_deduction_percent');
  if (!stored.has('tpp_percent_by_category') && typeof single === 'number') settings.tpp_percent_by_category = tppFromSinglePercent(single);
  return settings as Settings;
}

/** Inserts or replaces one stored value (already encoded as text). */
export async function upsertSetting(db: Db, key: SettingKey, value: string, type: StoredType, userId: number | null): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, type, updated_by: userId, updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, type, updated_by: userId, updated_at: nowIso() }))
    .execute();
}
