import type { Category } from '../../db/database';

/** One rung of a sanction ladder: reached when the year's TK count or the current streak meets it. */
export interface LadderStep {
  step: 'catatan' | 'teguran_lisan' | 'teguran_tertulis' | 'pernyataan_tidak_puas';
  minTotal: number | null;
  minStreak: number | null;
}

export interface IkrarText {
  version: string;
  text: string;
}

/*
 * Defaults from DESIGN §3-§6. The ladder follows the usual discipline progression for a
 * missed mandatory assembly (PP 94/2021 for PNS; PPPK by their agreement); a Pemda sets its own.
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
    { step: 'catatan', minTotal: 1, minStreak: null },
    { step: 'teguran_lisan', minTotal: 3, minStreak: 2 },
    { step: 'teguran_tertulis', minTotal: 5, minStreak: null },
    { step: 'pernyataan_tidak_puas', minTotal: 8, minStreak: null },
  ] as LadderStep[],
  ladder_pppk: [
    { step: 'catatan', minTotal: 1, minStreak: null },
    { step: 'teguran_lisan', minTotal: 3, minStreak: 2 },
    { step: 'teguran_tertulis', minTotal: 5, minStreak: null },
    { step: 'pernyataan_tidak_puas', minTotal: 8, minStreak: null },
  ] as LadderStep[],
  tpp_deduction_percent: 2,
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
  /**
   * The day the Pemda started using Ikrar (YYYY-MM-DD; empty: unknown). Mondays before it were
   * never logged here, so the period and trend views start at it instead of counting them missed.
   */
  start_date: '',
};

export type Settings = typeof DEFAULT_SETTINGS;
export type SettingKey = keyof Settings;
