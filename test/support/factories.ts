/*
 * The one place tests make rows: units, people, accounts, sessions with their roll-call,
 * planned absences and holidays. One factory per thing, each with options for the variants a
 * test needs; every factory gives unique codes, NIPs and usernames, so the tests in one file
 * never depend on each other's rows.
 */
export { freshNip, makeEmployee, makeEmployeeAccount, makeOpd, makeUnit, makeUser, transfer, type EmployeeOptions } from './factories/people';
export { makeRollCall, makeSession, roll, type GivenCounts, type RollEntry, type SessionOptions } from './factories/sessions';
export { makeAbsence, makeHoliday, type AbsenceOptions } from './factories/calendar';
export { makeCheckIn, useCheckIn, type CheckInOptions } from './factories/check-ins';
