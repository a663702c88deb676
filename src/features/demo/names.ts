/* Material for a realistic demo Pemda: unit names and codes, Indonesian names, positions, ranks. */

export interface DemoOpd {
  code: string;
  name: string;
  kind: string;
  parent?: string;
  /** Relative size; the biggest units (education, health, hospital) dominate as in real Pemda. */
  weight: number;
}

export const DEMO_OPDS: DemoOpd[] = [
  { code: 'DISDIK', name: 'Dinas Pendidikan', kind: 'dinas', weight: 18 },
  { code: 'RSUD', name: 'RSUD dr. Soetomo Contoh', kind: 'rsud', weight: 14 },
  { code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas', weight: 10 },
  { code: 'SETDA', name: 'Sekretariat Daerah', kind: 'sekretariat', weight: 5 },
  { code: 'DPUPR', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas', weight: 4 },
  { code: 'SETWAN', name: 'Sekretariat DPRD', kind: 'sekretariat', weight: 2 },
  { code: 'INSPEKTORAT', name: 'Inspektorat Daerah', kind: 'inspektorat', weight: 2 },
  { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', kind: 'badan', weight: 2 },
  { code: 'BKD', name: 'Badan Kepegawaian Daerah', kind: 'badan', weight: 2 },
  { code: 'BPKAD', name: 'Badan Pengelolaan Keuangan dan Aset Daerah', kind: 'badan', weight: 2.5 },
  { code: 'BAPENDA', name: 'Badan Pendapatan Daerah', kind: 'badan', weight: 3 },
  { code: 'BPBD', name: 'Badan Penanggulangan Bencana Daerah', kind: 'badan', weight: 1.2 },
  { code: 'KESBANGPOL', name: 'Badan Kesatuan Bangsa dan Politik', kind: 'badan', weight: 0.8 },
  { code: 'DISHUB', name: 'Dinas Perhubungan', kind: 'dinas', weight: 3 },
  { code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika', kind: 'dinas', weight: 1.5 },
  { code: 'DINSOS', name: 'Dinas Sosial', kind: 'dinas', weight: 1.5 },
  { code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', kind: 'dinas', weight: 1.5 },
  { code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan PTSP', kind: 'dinas', weight: 1.2 },
  { code: 'DISTAN', name: 'Dinas Pertanian dan Ketahanan Pangan', kind: 'dinas', weight: 3 },
  { code: 'DLH', name: 'Dinas Lingkungan Hidup', kind: 'dinas', weight: 2 },
  { code: 'DISNAKER', name: 'Dinas Tenaga Kerja dan Transmigrasi', kind: 'dinas', weight: 1.2 },
  { code: 'DISPAR', name: 'Dinas Pariwisata dan Kebudayaan', kind: 'dinas', weight: 1.2 },
  { code: 'DISKOPUKM', name: 'Dinas Koperasi dan UKM', kind: 'dinas', weight: 1 },
  { code: 'DISPERINDAG', name: 'Dinas Perindustrian dan Perdagangan', kind: 'dinas', weight: 1.2 },
  { code: 'DKP', name: 'Dinas Kelautan dan Perikanan', kind: 'dinas', weight: 1.5 },
  { code: 'SATPOLPP', name: 'Satuan Polisi Pamong Praja', kind: 'dinas', weight: 2.5 },
  { code: 'DISPUSIP', name: 'Dinas Perpustakaan dan Kearsipan', kind: 'dinas', weight: 0.8 },
  { code: 'DP3AKB', name: 'Dinas Pemberdayaan Perempuan, Perlindungan Anak dan KB', kind: 'dinas', weight: 1 },
  { code: 'DPMD', name: 'Dinas Pemberdayaan Masyarakat dan Desa', kind: 'dinas', weight: 0.8 },
  { code: 'DISPORA', name: 'Dinas Pemuda dan Olahraga', kind: 'dinas', weight: 0.8 },
  { code: 'DISPERKIM', name: 'Dinas Perumahan dan Kawasan Permukiman', kind: 'dinas', weight: 1 },
  { code: 'KEC-KOTA', name: 'Kecamatan Kota', kind: 'kecamatan', weight: 0.6 },
  { code: 'KEC-UTARA', name: 'Kecamatan Utara', kind: 'kecamatan', weight: 0.5 },
  { code: 'KEC-SELATAN', name: 'Kecamatan Selatan', kind: 'kecamatan', weight: 0.5 },
  { code: 'KEC-TIMUR', name: 'Kecamatan Timur', kind: 'kecamatan', weight: 0.45 },
  { code: 'KEC-BARAT', name: 'Kecamatan Barat', kind: 'kecamatan', weight: 0.4 },
  { code: 'KEL-SUKAMAJU', name: 'Kelurahan Sukamaju', kind: 'kelurahan', parent: 'KEC-KOTA', weight: 0.25 },
  { code: 'KEL-MEKARSARI', name: 'Kelurahan Mekarsari', kind: 'kelurahan', parent: 'KEC-KOTA', weight: 0.25 },
  { code: 'UPTD-LABKES', name: 'UPTD Laboratorium Kesehatan', kind: 'uptd', parent: 'DINKES', weight: 0.5 },
  { code: 'BAG-HUKUM', name: 'Bagian Hukum Setda', kind: 'bagian', parent: 'SETDA', weight: 0.4 },
];

export const MALE_FIRST = [
  'Agus', 'Budi', 'Dedi', 'Eko', 'Fajar', 'Hendra', 'Irfan', 'Joko', 'Kurniawan', 'Lukman', 'Muhammad',
  'Nur', 'Rudi', 'Slamet', 'Teguh', 'Wahyu', 'Yusuf', 'Ahmad', 'Bambang', 'Dimas', 'Gilang', 'Hadi',
  'Imam', 'Rizky', 'Arif', 'Bayu', 'Dwi', 'Andi', 'Rahmat', 'Sutrisno', 'Heru', 'Yoga', 'Taufik',
];
export const FEMALE_FIRST = [
  'Siti', 'Sri', 'Dewi', 'Endang', 'Fitri', 'Indah', 'Lestari', 'Maya', 'Nurul', 'Ratna', 'Rina', 'Sari',
  'Tri', 'Wulan', 'Yuni', 'Ayu', 'Desi', 'Eka', 'Fatimah', 'Intan', 'Kartika', 'Lina', 'Mega', 'Novi',
  'Putri', 'Retno', 'Susanti', 'Anisa', 'Dian', 'Wahyuni', 'Rahayu', 'Handayani', 'Nining',
];
export const LAST = [
  'Pratama', 'Saputra', 'Santoso', 'Wibowo', 'Hidayat', 'Nugroho', 'Setiawan', 'Kusuma', 'Siregar',
  'Nasution', 'Harahap', 'Simanjuntak', 'Lubis', 'Sembiring', 'Ginting', 'Tanjung', 'Rahman', 'Hakim',
  'Wijaya', 'Susilo', 'Purnomo', 'Prasetyo', 'Hartono', 'Suryani', 'Lestari', 'Permatasari', 'Utami',
  'Maharani', 'Safitri', 'Anggraini', 'Manurung', 'Pardede', 'Latuconsina', 'Mandagi', 'Pattimura',
  'Rumbewas', 'Daeng', 'Syahputra', 'Firmansyah', 'Ramadhan',
];
export const DEGREES = ['', '', '', ', S.E.', ', S.Kom.', ', S.H.', ', S.Pd.', ', S.Sos.', ', S.T.', ', M.Si.', ', S.Kep.', ', A.Md.'];

export const POSITIONS = [
  'Analis Kebijakan', 'Pranata Komputer', 'Pengadministrasi Umum', 'Pengelola Keuangan', 'Analis SDM Aparatur',
  'Arsiparis', 'Perencana', 'Auditor', 'Pengawas', 'Penata Laporan Keuangan', 'Pengelola Barang Milik Daerah',
  'Guru', 'Perawat', 'Dokter', 'Bidan', 'Penyuluh', 'Teknisi', 'Pengemudi', 'Kepala Seksi', 'Kepala Sub Bagian',
];
export const PNS_RANKS = ['II/a', 'II/b', 'II/c', 'II/d', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c'];
export const PPPK_RANKS = ['V', 'VII', 'IX', 'X', 'XI'];
