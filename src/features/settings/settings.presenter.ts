import { CATEGORIES } from '../../db/database';
import { STEP_LEVEL, STEP_ORDER } from '../compliance/rules';
import { checklistView, setupChecklist } from './settings.checklist';
import type { Settings } from './settings.defaults';
import { LADDER_ROWS } from './settings.schema';

type FormValues = Record<string, unknown>;

/** The flat form of the settings page (percentages as 0-100, ladders as numbered rows). */
export function settingsForm(s: Settings): FormValues {
  const out: FormValues = {
    ...s,
    rate_amber: String(Math.round(s.rate_amber * 1000) / 10),
    rate_red: String(Math.round(s.rate_red * 1000) / 10),
    virtual_counts: s.virtual_counts ? '1' : '',
    geofence_refuse: s.geofence_refuse ? '1' : '',
  };
  for (const name of ['ladder_pns', 'ladder_pppk'] as const) {
    s[name].forEach((r, i) => {
      out[`${name}_step_${i}`] = r.step;
      out[`${name}_total_${i}`] = r.minTotal == null ? '' : String(r.minTotal);
      out[`${name}_streak_${i}`] = r.minStreak == null ? '' : String(r.minStreak);
      out[`${name}_basis_${i}`] = r.basis;
    });
  }
  for (const [c, pct] of Object.entries(s.tpp_percent_by_category)) out[`tpp_percent_${c}`] = pct == null ? '' : String(pct);
  s.ikrar_texts.forEach((t, i) => {
    out[`ikrar_version_${i}`] = t.version;
    out[`ikrar_text_${i}`] = t.text;
  });
  return out;
}

/** What the template loops over: rows with their values and error messages. */
export function settingsView(form: FormValues, current: Settings, errors: Record<string, string> = {}) {
  const ladder = (name: string) =>
    Array.from({ length: LADDER_ROWS }, (_, i) => ({
      i,
      name,
      step: form[`${name}_step_${i}`] ?? '',
      total: form[`${name}_total_${i}`] ?? '',
      streak: form[`${name}_streak_${i}`] ?? '',
      basis: form[`${name}_basis_${i}`] ?? '',
      stepError: errors[`${name}_step_${i}`],
      basisError: errors[`${name}_basis_${i}`],
      totalError: errors[`${name}_total_${i}`],
      streakError: errors[`${name}_streak_${i}`],
    }));
  const required = new Set([form.categories_required ?? []].flat().map(String));
  return {
    form,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    steps: STEP_ORDER.map((code) => ({ code, level: STEP_LEVEL[code] })),
    checklist: checklistView(setupChecklist(current)),
    tpp: CATEGORIES.map((c) => ({ code: c, name: `tpp_percent_${c}`, value: form[`tpp_percent_${c}`] ?? '', error: errors[`tpp_percent_${c}`] })),
    ladders: [
      { name: 'ladder_pns', title: 'settings.ladder.pns', rows: ladder('ladder_pns'), error: errors.ladder_pns },
      { name: 'ladder_pppk', title: 'settings.ladder.pppk', rows: ladder('ladder_pppk'), error: errors.ladder_pppk },
    ],
    categories: CATEGORIES.map((c) => ({ code: c, checked: required.has(c) })),
    ikrar: Array.from({ length: current.ikrar_texts.length + 1 }, (_, i) => ({
      i,
      existing: i < current.ikrar_texts.length,
      version: form[`ikrar_version_${i}`] ?? (i < current.ikrar_texts.length ? current.ikrar_texts[i].version : ''),
      text: form[`ikrar_text_${i}`] ?? '',
      versionError: errors[`ikrar_version_${i}`],
      textError: errors[`ikrar_text_${i}`],
    })),
  };
}
