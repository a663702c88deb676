import type { Migration } from 'kysely';
import * as initial from './2026-11-24-001-initial';
import * as flagState from './2026-11-24-040-flag-state';
import * as employeeSearch from './2026-11-24-070-employee-search';
import * as attendanceByEmployee from './2026-11-24-071-attendance-by-employee';
import * as employeeNameOrder from './2026-11-24-072-employee-name-order';
import * as tempPasswordHash from './2026-11-24-130-temp-password-hash';
import * as opdHead from './2026-12-03-010-opd-head';
import * as pegawaiAccounts from './2026-12-03-020-pegawai-accounts';
import * as pactsAndCards from './2026-12-03-030-pacts-and-cards';
import * as absenceRequests from './2026-12-03-040-absence-requests';
import * as rateLimits from './2026-12-03-050-rate-limits';
import * as checkIn from './2026-12-03-060-check-in';
import * as eventSessions from './2026-12-03-070-event-sessions';
import * as verifiedCount from './2026-12-03-080-verified-count';
import * as files from './2026-12-03-090-files';
import * as checkInDevice from './2026-12-03-100-check-in-device';

/** Every migration in order. A static list works the same under tsx, Jest and a build. */
export const migrations: Record<string, Migration> = {
  '2026-11-24-001-initial': initial,
  '2026-11-24-040-flag-state': flagState,
  '2026-11-24-070-employee-search': employeeSearch,
  '2026-11-24-071-attendance-by-employee': attendanceByEmployee,
  '2026-11-24-072-employee-name-order': employeeNameOrder,
  '2026-11-24-130-temp-password-hash': tempPasswordHash,
  '2026-12-03-010-opd-head': opdHead,
  '2026-12-03-020-pegawai-accounts': pegawaiAccounts,
  '2026-12-03-030-pacts-and-cards': pactsAndCards,
  '2026-12-03-040-absence-requests': absenceRequests,
  '2026-12-03-050-rate-limits': rateLimits,
  '2026-12-03-060-check-in': checkIn,
  '2026-12-03-070-event-sessions': eventSessions,
  '2026-12-03-080-verified-count': verifiedCount,
  '2026-12-03-090-files': files,
  '2026-12-03-100-check-in-device': checkInDevice,
};
