import type { Translate } from '../../i18n/t';
import type { Settings } from '../settings/settings.defaults';
import type { FlagRow } from './flags.queries';

/** Rows of the /flags table: links and labels, no formatting logic in the template. */
export function flagRows(rows: FlagRow[]) {
  return rows.map((r) => ({
    ...r,
    href: `/flags/${encodeURIComponent(r.nip)}/${r.year}`,
    employeeHref: `/employees/${encodeURIComponent(r.nip)}`,
    open: r.open_flag === 1,
  }));
}

export const STEP_CHOICES = ['catatan', 'teguran_lisan', 'teguran_tertulis', 'pernyataan_tidak_puas'] as const;

export interface LetterFacts {
  employee: { nip: string; name: string; position: string | null; rank: string | null };
  unit: string | null;
  year: number;
  step: string;
  tkDates: { pledge_date: string; opd_name: string }[];
  letterNumber: string | null;
  letterDate: string | null;
}

/** The draft letter: letterhead and signature block come from the settings (DESIGN §6). */
export function letterView(t: Translate, settings: Settings, f: LetterFacts) {
  return {
    letterhead: {
      pemda: settings.pemda_name.toUpperCase(),
      agency: settings.agency_name.toUpperCase(),
      address: settings.agency_address,
    },
    number: f.letterNumber,
    date: f.letterDate,
    subject: t(`compliance.steps.${f.step}`),
    employee: f.employee,
    unit: f.unit,
    year: f.year,
    tkCount: f.tkDates.length,
    tkDates: f.tkDates,
    tpp: { percent: settings.tpp_deduction_percent, basis: settings.tpp_legal_basis },
    signer: {
      place: settings.signer_place,
      title: settings.signer_title,
      name: settings.signer_name,
      nip: settings.signer_nip,
    },
  };
}
