import { CATEGORIES, type Category } from '../../db/database';
import { STEP_LEVEL } from '../compliance/rules';
import { LADDER_TEMPLATE_BASIS, type LadderStep } from './settings.defaults';

/*
 * Settings are stored as JSON rows that outlive the code that wrote them. Values saved in an
 * older shape are brought forward when read, so an instance with saved settings keeps working;
 * the next save of the settings page stores the new shape.
 */

/**
 * Ladder rungs saved before rungs had a level and a basis ({ step, minTotal, minStreak }): the
 * level follows the step, and the basis is the template's, so the setup checklist asks for it.
 */
export function upgradeLadder(raw: unknown): LadderStep[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is Partial<LadderStep> & Pick<LadderStep, 'step'> => typeof r?.step === 'string' && r.step in STEP_LEVEL)
    .map((r) => ({
      step: r.step,
      level: STEP_LEVEL[r.step],
      basis: typeof r.basis === 'string' && r.basis.trim() ? r.basis : LADDER_TEMPLATE_BASIS,
      minTotal: r.minTotal ?? null,
      minStreak: r.minStreak ?? null,
    }));
}

/**
 * One TPP percentage for everybody (the old `tpp_deduction_percent`) becomes the rate of the
 * categories that receive TPP; PPPK paruh waktu and non-ASN get no cut.
 */
export function tppFromSinglePercent(percent: number): Record<Category, number | null> {
  const byCategory = {} as Record<Category, number | null>;
  for (const c of CATEGORIES) byCategory[c] = c === 'PPPK_PW' || c === 'NON_ASN' ? null : percent;
  return byCategory;
}
