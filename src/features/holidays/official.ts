/*
 * Official national holidays and cuti bersama, from the joint decrees (SKB) of the Ministers
 * of Religious Affairs, Manpower and PANRB. Cuti bersama for ASN follows the same SKB
 * (and, for 2025, its amendment adding 18 August).
 */
export interface OfficialHoliday {
  date: string;
  name: string;
  kind: 'libur_nasional' | 'cuti_bersama';
  source: string;
}

const SKB_2025 = 'SKB 3 Menteri 2025 (Menag, Menaker, MenPANRB No. 1017/2/2 Tahun 2024)';
const SKB_2025_AMENDED = 'SKB 3 Menteri 2025, perubahan (cuti bersama HUT RI ke-80)';
const SKB_2026 = 'SKB 3 Menteri 2026 tentang Hari Libur Nasional dan Cuti Bersama';

const n = (date: string, name: string, source: string): OfficialHoliday => ({ date, name, kind: 'libur_nasional', source });
const cb = (date: string, name: string, source: string): OfficialHoliday => ({ date, name, kind: 'cuti_bersama', source });

export const OFFICIAL_HOLIDAYS: Record<number, OfficialHoliday[]> = {
  2025: [
    n('2025-01-01', 'Tahun Baru 2025 Masehi', SKB_2025),
    n('2025-01-27', 'Isra Mikraj Nabi Muhammad SAW', SKB_2025),
    cb('2025-01-28', 'Cuti bersama Tahun Baru Imlek 2576 Kongzili', SKB_2025),
    n('2025-01-29', 'Tahun Baru Imlek 2576 Kongzili', SKB_2025),
    cb('2025-03-28', 'Cuti bersama Hari Suci Nyepi', SKB_2025),
    n('2025-03-29', 'Hari Suci Nyepi Tahun Baru Saka 1947', SKB_2025),
    n('2025-03-31', 'Idul Fitri 1446 H', SKB_2025),
    n('2025-04-01', 'Idul Fitri 1446 H', SKB_2025),
    cb('2025-04-02', 'Cuti bersama Idul Fitri 1446 H', SKB_2025),
    cb('2025-04-03', 'Cuti bersama Idul Fitri 1446 H', SKB_2025),
    cb('2025-04-04', 'Cuti bersama Idul Fitri 1446 H', SKB_2025),
    cb('2025-04-07', 'Cuti bersama Idul Fitri 1446 H', SKB_2025),
    n('2025-04-18', 'Wafat Yesus Kristus', SKB_2025),
    n('2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)', SKB_2025),
    n('2025-05-01', 'Hari Buruh Internasional', SKB_2025),
    n('2025-05-12', 'Hari Raya Waisak 2569 BE', SKB_2025),
    cb('2025-05-13', 'Cuti bersama Hari Raya Waisak', SKB_2025),
    n('2025-05-29', 'Kenaikan Yesus Kristus', SKB_2025),
    cb('2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus', SKB_2025),
    n('2025-06-01', 'Hari Lahir Pancasila', SKB_2025),
    n('2025-06-06', 'Idul Adha 1446 H', SKB_2025),
    cb('2025-06-09', 'Cuti bersama Idul Adha 1446 H', SKB_2025),
    n('2025-06-27', 'Tahun Baru Islam 1447 H', SKB_2025),
    n('2025-08-17', 'Hari Proklamasi Kemerdekaan RI', SKB_2025),
    cb('2025-08-18', 'Cuti bersama HUT Kemerdekaan RI ke-80', SKB_2025_AMENDED),
    n('2025-09-05', 'Maulid Nabi Muhammad SAW', SKB_2025),
    n('2025-12-25', 'Kelahiran Yesus Kristus', SKB_2025),
    cb('2025-12-26', 'Cuti bersama Kelahiran Yesus Kristus', SKB_2025),
  ],
  2026: [
    n('2026-01-01', 'Tahun Baru 2026 Masehi', SKB_2026),
    n('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', SKB_2026),
    cb('2026-02-16', 'Cuti bersama Tahun Baru Imlek 2577 Kongzili', SKB_2026),
    n('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', SKB_2026),
    cb('2026-03-18', 'Cuti bersama Hari Suci Nyepi', SKB_2026),
    n('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', SKB_2026),
    cb('2026-03-20', 'Cuti bersama Idul Fitri 1447 H', SKB_2026),
    n('2026-03-21', 'Idul Fitri 1447 H', SKB_2026),
    n('2026-03-22', 'Idul Fitri 1447 H', SKB_2026),
    cb('2026-03-23', 'Cuti bersama Idul Fitri 1447 H', SKB_2026),
    cb('2026-03-24', 'Cuti bersama Idul Fitri 1447 H', SKB_2026),
    n('2026-04-03', 'Wafat Yesus Kristus', SKB_2026),
    n('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', SKB_2026),
    n('2026-05-01', 'Hari Buruh Internasional', SKB_2026),
    n('2026-05-14', 'Kenaikan Yesus Kristus', SKB_2026),
    cb('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus', SKB_2026),
    n('2026-05-27', 'Idul Adha 1447 H', SKB_2026),
    cb('2026-05-28', 'Cuti bersama Idul Adha 1447 H', SKB_2026),
    n('2026-05-31', 'Hari Raya Waisak 2570 BE', SKB_2026),
    n('2026-06-01', 'Hari Lahir Pancasila', SKB_2026),
    n('2026-06-16', 'Tahun Baru Islam 1448 H', SKB_2026),
    n('2026-08-17', 'Hari Proklamasi Kemerdekaan RI', SKB_2026),
    n('2026-08-25', 'Maulid Nabi Muhammad SAW', SKB_2026),
    n('2026-12-25', 'Kelahiran Yesus Kristus', SKB_2026),
    cb('2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus', SKB_2026),
  ],
};

export const OFFICIAL_YEARS = Object.keys(OFFICIAL_HOLIDAYS).map(Number);
