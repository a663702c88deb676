/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * Each self check-in asks whether the same browser already checked someone else in to that apel
 * or event ("titip absen", src/features/checkin/check-in.repository.ts otherFromDevice). Without
 * this index that question read every check-in of the apel or event so far: at a 10,000-person
 * event the 07:30 burst grew quadratically. A browser checks in a handful of times a month, so
 * (device, date) finds its few rows at once; event and unit follow so that SQLite, which keeps
 * no statistics here, prefers this index to the per-date and per-event ones (more equal columns).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('check_ins_by_device').on('check_ins').columns(['device', 'pledge_date', 'event_id', 'opd_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('check_ins_by_device').execute();
}
