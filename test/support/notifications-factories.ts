import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database';
import { connect } from '../../src/db/connect';
import type { TestDb } from './db';

const NOW = '2026-01-01T00:00:00.000Z';

/** A session row with just the facts the reminders and the digest read. */
export async function makeSessionRow(
  db: Kysely<Database>,
  o: {
    opdId: number;
    date: string;
    state?: 'draft' | 'submitted';
    late?: number;
    held?: number;
    reasonAccepted?: number | null;
    rate?: number | null;
    counts?: { expected: number; compliant: number; excused?: number; tk?: number };
  },
) {
  const c = o.counts ?? { expected: 10, compliant: 10 };
  return db
    .insertInto('sessions')
    .values({
      opd_id: o.opdId,
      pledge_date: o.date,
      state: o.state ?? 'submitted',
      held: o.held ?? 1,
      not_held_kind: o.held === 0 ? 'lainnya' : null,
      not_held_reason: o.held === 0 ? 'Uji' : null,
      reason_accepted: o.reasonAccepted ?? null,
      mode: 'langsung',
      start_time: '07:30',
      pembina: null,
      ikrar_reader: null,
      ikrar_version: '2024',
      location: null,
      notes: null,
      photo_path: null,
      photo_mime: null,
      submitted_by: null,
      submitted_at: o.state === 'draft' ? null : NOW,
      late: o.late ?? 0,
      expected_count: c.expected,
      excused_count: c.excused ?? 0,
      compliant_count: c.compliant,
      count_h: c.compliant,
      count_tk: c.tk ?? 0,
      rate: o.rate === undefined ? c.compliant / (c.expected - (c.excused ?? 0)) : o.rate,
      created_by: null,
      created_at: NOW,
      updated_by: null,
      updated_at: NOW,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A second connection to the same test database: what another app instance would hold. */
export function secondConnection(testDb: TestDb): Kysely<Database> {
  return connect(testDb.url, testDb.schema ? { schema: testDb.schema, poolSize: 4 } : {});
}
