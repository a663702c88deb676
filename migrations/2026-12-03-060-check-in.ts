/* eslint-disable @typescript-eslint/no-explicit-any */
import { sql, type Kysely } from 'kysely';
import { dialectOfDb } from '../src/db/connect';

/**
 * Verified presence (docs/DESIGN.md, "Employees, check-in and events").
 * opds: whether the unit's apel uses check-in, and its apel point (latitude, longitude, radius in
 * metres) when a geofence applies; no point = no geofence.
 * events: a Pemda-wide or multi-unit ceremony on a date; all_units = every active unit is
 * expected, else the units in event_units.
 * check_ins: one per employee and apel (unit, date) or event, the evidence behind a Hadir:
 *   method 'self' (the employee scanned the rotating QR) or 'scan' (an officer scanned the
 *   employee's card); device = the browser's id cookie, to spot one phone checking in two people;
 *   place = 'inside' | 'outside' | 'missing' when a geofence applies, else null;
 *   review = 'pending' while an operator has to accept it (outside, no location, same device),
 *   then 'accepted' | 'rejected'.
 * The two unique indexes keep one check-in per employee per apel and per event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOfDb(db) === 'postgres';
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const real = pg ? 'double precision' : 'real';

  await db.schema.alterTable('opds').addColumn('check_in', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('opds').addColumn('apel_lat', real).execute();
  await db.schema.alterTable('opds').addColumn('apel_lng', real).execute();
  await db.schema.alterTable('opds').addColumn('apel_radius_m', 'integer').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('all_units', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('check_in', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lat', real)
    .addColumn('lng', real)
    .addColumn('radius_m', 'integer')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_date').on('events').column('date').execute();

  await db.schema
    .createTable('event_units')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
    .addColumn('opd_id', 'integer', (c) => c.notNull().references('opds.id'))
    .addPrimaryKeyConstraint('event_units_pk', ['event_id', 'opd_id'])
    .execute();

  await db.schema
    .createTable('check_ins')
    .addColumn('id', pg ? 'serial' : 'integer', id)
    .addColumn('opd_id', 'integer', (c) => c.notNull().references('opds.id'))
    .addColumn('pledge_date', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.references('events.id'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('checked_in_at', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('device', 'text')
    .addColumn('lat', real)
    .addColumn('lng', real)
    .addColumn('accuracy_m', real)
    .addColumn('place', 'text')
    .addColumn('review', 'text')
    .addColumn('review_reason', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .execute();
  await db.schema
    .createIndex('check_ins_once_per_apel')
    .on('check_ins')
    .columns(['opd_id', 'pledge_date', 'employee_id'])
    .unique()
    .where(sql.ref('event_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('check_ins_once_per_event')
    .on('check_ins')
    .columns(['event_id', 'employee_id'])
    .unique()
    .where(sql.ref('event_id'), 'is not', null)
    .execute();
  // The verified share per unit and period reads by date first.
  await db.schema.createIndex('check_ins_by_date').on('check_ins').columns(['pledge_date', 'opd_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('check_ins').execute();
  await db.schema.dropTable('event_units').execute();
  await db.schema.dropTable('events').execute();
  for (const col of ['apel_radius_m', 'apel_lng', 'apel_lat', 'check_in']) {
    await db.schema.alterTable('opds').dropColumn(col).execute();
  }
}
