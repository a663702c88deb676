import type { Category } from '../../db/database';

/**
 * One rung of a sanction ladder: reached when the year's TK count or the current streak meets
 * it. `level` follows the step (STEP_LEVEL in compliance/rules.ts); `basis` names the rule the
 * rung applies (a Perkada/Perbup article), printed on the draft letter.
 */
export interface LadderStep {
  step: 'catatan' | 'teguran_lisan' | 'teguran_tertulis' | 'pernyataan_tidak_puas' | 'hukuman_sedang' | 'hukuman_berat';
  level: 'ringan' | 'sedang' | 'berat';
  basis: string;
  minTotal: number | null;
  minStreak: number | null;
}

/**
 * Missing the Monday apel is a local rule (Perkada/Perbup), not PP 94/2021, which counts whole
 * working days absent (docs/DESIGN.md, Employee flags and the ladder). The shipped rungs are a
 * template of such a local rule; this basis text marks them as not yet adapted.
 */
export const LADDER_TEMPLATE_BASIS = 'Templat aturan lokal (Perkada/Perbup tentang kewajiban apel): sesuaikan angka dan dasar hukumnya';

const templateRung = (step: LadderStep['step'], minTotal: number | null, minStreak: number | null = null): LadderStep => ({
  step,
  level: 'ringan',
  basis: LADDER_TEMPLATE_BASIS,
  minTotal,
  minStreak,
});

export type LetterSigner = 'unit_head' | 'superior' | 'bkd';

export interface IkrarText {
  version: string;
  text: string;
}

/*
 * Defaults (docs/DESIGN.md). The ladders are a local-rule template, not PP 94/2021's figures;
 * letterhead, signer and legal-basis texts are placeholders until the Pemda fills them in
 * (settings.checklist.ts lists them and reports mark them).
 */
export const DEFAULT_SETTINGS = {
  apel_start_time: '07:30',
  /** Deadline: this many days after the pledge date, at deadline_time local. */
  deadline_days_after: 1,
  deadline_time: '12:00',
  /** A holiday Monday: no session ('skip') or the apel moves to the next working day. */
  holiday_policy: 'skip' as 'skip' | 'next_working_day',
  virtual_counts: true,
  categories_required: ['PNS', 'CPNS', 'PPPK', 'PPPK_PW'] as Category[],
  rate_amber: 0.9,
  rate_red: 0.75,
  ladder_pns: [
    templateRung('catatan', 1),
    templateRung('teguran_lisan', 3, 2),
    templateRung('teguran_tertulis', 5),
    templateRung('pernyataan_tidak_puas', 8),
  ] as LadderStep[],
  ladder_pppk: [
    templateRung('catatan', 1),
    templateRung('teguran_lisan', 3, 2),
    templateRung('teguran_tertulis', 5),
    templateRung('pernyataan_tidak_puas', 8),
  ] as LadderStep[],
  tpp_legal_basis:
    'Peraturan Kepala Daerah tentang Pemberian Tambahan Penghasilan Pegawai ASN (sesuaikan dengan Perkada setempat)',
  ikrar_texts: [
    {
      version: '2024',
      text:
        'Kami Aparatur Sipil Negara berikrar:\n' +
        '1. Menjaga dan menegakkan prinsip netralitas Pegawai ASN dalam melaksanakan fungsi pelayanan publik, baik sebelum, selama, maupun sesudah pelaksanaan Pemilihan Umum dan Pemilihan Kepala Daerah.\n' +
        '2. Menghindari konflik kepentingan, tidak melakukan praktik intimidasi dan ancaman kepada Pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada peserta pemilihan tertentu.\n' +
        '3. Menggunakan media sosial secara bijak, tidak untuk kepentingan peserta pemilihan tertentu, serta tidak menyebarkan ujaran kebencian dan berita bohong.\n' +
        '4. Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.',
    },
  ] as IkrarText[],
  pemda_name: 'Pemerintah Provinsi Contoh',
  agency_name: 'Badan Kepegawaian Daerah',
  agency_address: 'Jl. Pahlawan No. 1, Kota Contoh',
  signer_place: 'Kota Contoh',
  signer_title: 'Kepala Badan Kepegawaian Daerah',
  signer_name: 'Nama Pejabat',
  /** Pangkat and golongan, printed between the name and the NIP under a signature. */
  signer_rank: 'Pembina Utama Muda (IV/c)',
  signer_nip: '197001012000031001',
  csv_separator: ';' as ';' | ',',
  reminder_times: ['MON 10:00', 'DEADLINE 09:00'] as string[],
  digest_time: 'DEADLINE 13:00',

  // Sanctions, letters and TPP per category.
  /** Who signs the draft reprimand: a reprimand comes from the employee's superior or unit head. */
  letter_signer: 'unit_head' as LetterSigner,
  /**
   * TPP cut per TK, in percent, per category; null where no cut applies (PPPK paruh waktu are
   * paid wages, non-ASN staff get no TPP).
   */
  tpp_percent_by_category: { PNS: 2, CPNS: 2, PPPK: 2, PPPK_PW: null, NON_ASN: null } as Record<Category, number | null>,
  /**
   * The day the Pemda started using Ikrar (YYYY-MM-DD; empty: unknown). Mondays before it were
   * never logged here, so the period and trend views start at it instead of counting them missed.
   */
  start_date: '',

  // Employee accounts.
  /** An activation code handed to an employee works for this many days. */
  activation_code_days: 14,
  /** An employee's sign-in lasts this many days (staff sign-ins last a working day). */
  pegawai_session_days: 30,

  // Check-in.
  /** A check-in this many minutes after the apel start time makes Terlambat instead of Hadir. */
  check_in_grace_minutes: 10,
  /** Outside the geofence or without a location: keep the check-in for review (false) or refuse it (true). */
  geofence_refuse: false,
  /** Which event kinds count toward compliance and TPP, like a weekly apel. */
  event_kinds_counted: ['apel_gabungan', 'ikrar_netralitas'] as string[],
};

export type Settings = typeof DEFAULT_SETTINGS;
export type SettingKey = keyof Settings;
