/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';

/**
 * Events reuse the unit session (docs/DESIGN.md, "Employees, check-in and events"): an expected
 * unit's roll-call for an event is its session row on the event's date, with event_id set. A
 * unit's weekly apel on that date is the same row (held jointly in the event).
 * counted: whether the session counts toward compliance and TPP like a weekly apel: 1 for every
 * weekly apel (joint or not) and for events of a kind in the event_kinds_counted setting, 0 for
 * the other events. Stored so the attendance reads (TK counts, the report's employee part) can
 * filter on it; src/features/events/counted.ts keeps it in step with the setting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('event_id', 'integer', (c) => c.references('events.id')).execute();
  await db.schema.alterTable('sessions').addColumn('counted', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('sessions_event').on('sessions').column('event_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_event').execute();
  await db.schema.alterTable('sessions').dropColumn('counted').execute();
  await db.schema.alterTable('sessions').dropColumn('event_id').execute();
}
