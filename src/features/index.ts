import type { Feature } from './feature';
import { accountRoutes } from './account/account.routes';
import { authRoutes } from './auth/auth.routes';
import { healthRoutes } from './health/health.routes';
import { homeRoutes } from './home/home.routes';
import { notificationsRoutes } from './notifications/notifications.routes';
import { jobsRoutes } from './scheduler/jobs.routes';
import { holidayRoutes } from './holidays/holidays.routes';
import { absenceRoutes } from './absences/absences.routes';
import { opdsFeature } from './opds/opds.feature';
import { employeesFeature } from './employees/employees.feature';
import { auditFeature } from './audit/audit.feature';
import { usersFeature } from './users/users.feature';
import { tokensFeature } from './tokens/tokens.feature';
import { reportsFeature } from './reports/reports.feature';
import { sessionsFeature } from './sessions/sessions.feature';
import { complianceFeature } from './compliance/compliance.feature';
import { flagsFeature } from './flags/flags.feature';
import { settingsFeature } from './settings/settings.feature';
import { apiFeature } from './api/api.feature';
import { activationFeature } from './activation/activation.feature';
import { meFeature } from './me/me.feature';
import { ssoFeature } from './sso/sso.feature';
import { pactsFeature } from './pacts/pacts.feature';
import { cardsFeature } from './cards/cards.feature';
import { scanRoutes } from './checkin/scan.routes';
import { checkInFeature, selfCheckInFeature } from './checkin/checkin.feature';
import { requestsFeature } from './requests/requests.feature';
import { eventsFeature } from './events/events.feature';

/** Every feature of the app, in mounting order. */
export const features: Feature[] = [
  selfCheckInFeature,
  { name: 'health', routes: healthRoutes },
  { name: 'auth', routes: authRoutes },
  ssoFeature,
  { name: 'home', routes: homeRoutes },
  opdsFeature,
  employeesFeature,
  auditFeature,
  usersFeature,
  tokensFeature,
  reportsFeature,
  sessionsFeature,
  settingsFeature,
  complianceFeature,
  flagsFeature,
  activationFeature,
  meFeature,
  pactsFeature,
  cardsFeature,
  // The officer's card scanner of today's apel, reached from the session page (views/sessions/show.hbs).
  { name: 'scan', routes: scanRoutes },
  checkInFeature,
  requestsFeature,
  eventsFeature,
  {
    name: 'holidays',
    routes: holidayRoutes,
    nav: [{ label: 'nav.holidays', href: '/holidays', action: 'holidays.read', order: 700 }],
  },
  {
    name: 'absences',
    routes: absenceRoutes,
    // In the menu of those who record absences; sekda reads the list by its address.
    nav: [{ label: 'nav.absences', href: '/absences', action: 'absences.edit', order: 350 }],
  },
  {
    name: 'account',
    routes: accountRoutes,
    nav: [{ label: 'nav.account', href: '/account', action: 'account.use', order: 900 }],
  },
  {
    name: 'notifications',
    routes: notificationsRoutes,
    nav: [{ label: 'nav.notifications', href: '/notifications', action: 'account.use', order: 880 }],
  },
  { name: 'scheduler', routes: jobsRoutes, nav: [{ label: 'nav.jobs', href: '/admin/jobs', action: 'jobs.read', order: 870 }] },
  apiFeature,
];
