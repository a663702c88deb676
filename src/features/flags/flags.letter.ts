import type { Translate } from '../../i18n/t';
import { formatNip } from '../../lib/nip';
import { ladderFor, STEP_LEVEL, tppPercentFor, type Step } from '../compliance/rules';
import { blankMark, printableSettings } from '../settings/settings.checklist';
import type { Settings } from '../settings/settings.defaults';

/** The unit the letter is about, with its head where the unit record names one. */
export interface LetterUnit {
  name: string;
  head_name: string | null;
  head_rank: string | null;
  head_nip: string | null;
}

export interface LetterFacts {
  employee: { nip: string; name: string; category: string; position: string | null; rank: string | null };
  unit: LetterUnit | null;
  year: number;
  step: string;
  tkDates: { pledge_date: string; opd_name: string }[];
  letterNumber: string | null;
  letterDate: string | null;
}

/**
 * The signature block. A reprimand is given by the employee's superior, so by default the head
 * of the employee's unit signs; "superior" leaves the whole block to be filled in by hand, and
 * "bkd" uses the report signer. Whatever is unknown prints as a marked blank, never a sample.
 */
function signerBlock(t: Translate, s: Settings, unit: LetterUnit | null) {
  const place = s.signer_place;
  if (s.letter_signer === 'bkd') {
    return { place, title: s.signer_title, name: s.signer_name, rank: s.signer_rank, nip: formatNip(s.signer_nip) };
  }
  const head = s.letter_signer === 'unit_head' ? unit : null;
  return {
    place,
    title: head ? t('flags.letter.unit_head_title', { unit: head.name }) : blankMark(t, 'superior_title'),
    name: head?.head_name ?? blankMark(t, 'head_name'),
    rank: head?.head_rank ?? blankMark(t, 'head_rank'),
    nip: head?.head_nip ? formatNip(head.head_nip) : blankMark(t, 'head_nip'),
  };
}

/** The draft ("KONSEP") letter: letterhead, the rung's basis and the signer from the settings. */
export function letterView(t: Translate, settings: Settings, f: LetterFacts) {
  const s = printableSettings(settings, t);
  const rung = ladderFor(f.employee.category, s).find((r) => r.step === f.step);
  const level = STEP_LEVEL[f.step as Step];
  const tppPercent = tppPercentFor(f.employee.category, s);
  const fromUnit = s.letter_signer !== 'bkd' && f.unit;
  return {
    letterhead: {
      pemda: s.pemda_name.toUpperCase(),
      agency: (fromUnit ? f.unit!.name : s.agency_name).toUpperCase(),
      address: fromUnit ? null : s.agency_address,
    },
    number: f.letterNumber,
    date: f.letterDate,
    subject: t(`compliance.steps.${f.step}`),
    // The sedang and berat steps already say their level in their name.
    level: level === 'ringan' ? t(`compliance.sanction_levels.${level}`) : null,
    basis: rung?.basis ?? null,
    employee: { ...f.employee, nip: formatNip(f.employee.nip) },
    unit: f.unit?.name ?? null,
    year: f.year,
    tkCount: f.tkDates.length,
    tkDates: f.tkDates,
    tpp: tppPercent == null ? null : { percent: tppPercent, basis: s.tpp_legal_basis },
    signer: signerBlock(t, s, f.unit),
  };
}
