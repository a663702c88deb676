import { features } from '../../../src/features';
import { ForbiddenError, NotFoundError } from '../../../src/http/errors';
import { navFor, type NavLink } from '../../../src/http/nav';
import type { CurrentUser } from '../../../src/http/types';
import {
  ACTIONS,
  authorize,
  can,
  grantOf,
  homeOf,
  inScope,
  narrowScope,
  needsUnit,
  rolesFor,
  ROLES,
  RULES,
  unitScope,
  type Action,
  type PolicyUser,
  type Role,
} from '../../../src/policy';

const admin: PolicyUser = { role: 'admin', opdId: null };
const hr: PolicyUser = { role: 'hr', opdId: null };
const sekda: PolicyUser = { role: 'sekda', opdId: null };
const opd: PolicyUser = { role: 'opd', opdId: 7 };
const unitless: PolicyUser = { role: 'opd', opdId: null };
const OWN = { opdId: 7 };
const OTHER = { opdId: 8 };

const thrown = (f: () => void) => {
  try {
    f();
    return 'allowed';
  } catch (err) {
    return err instanceof NotFoundError ? '404' : err instanceof ForbiddenError ? '403' : String(err);
  }
};

describe('the policy table', () => {
  it('names only known roles and scopes, and every action has someone who may do it', () => {
    for (const action of ACTIONS) {
      const grants = Object.entries(RULES[action]);
      expect({ action, empty: grants.length === 0 }).toEqual({ action, empty: false });
      for (const [role, scope] of grants) {
        expect(ROLES).toContain(role);
        expect(['all', 'own']).toContain(scope);
      }
    }
  });

  it('keeps account administration, tokens, the job log and the health details to admin', () => {
    for (const action of ['users.manage', 'tokens.manage', 'jobs.read', 'health.details'] as Action[]) expect(rolesFor(action)).toEqual(['admin']);
  });

  it('gives an employee their own page, requests, pact signature and account, and nothing else', () => {
    expect(ACTIONS.filter((a) => grantOf('pegawai', a) !== null)).toEqual(['me.read', 'checkin.self', 'pacts.sign', 'requests.file', 'requests.read', 'account.use']);
  });

  it('gives sekda every read and no write', () => {
    const sekdaMay = ACTIONS.filter((a) => grantOf('sekda', a) !== null);
    expect(sekdaMay.every((a) => a.endsWith('.read') || a === 'account.use')).toBe(true);
    expect(sekdaMay).toEqual(expect.arrayContaining(['session.read', 'flags.read', 'reports.read', 'audit.read', 'absences.read']));
    expect(sekdaMay.every((a) => grantOf('sekda', a) === 'all')).toBe(true);
  });

  it('binds the opd role to one unit, and an employee to the unit they work in', () => {
    expect(ROLES.filter(needsUnit)).toEqual(['opd', 'pegawai']);
    expect(rolesFor('dashboard.read', 'own')).toEqual(['opd']);
    expect(rolesFor('dashboard.read', 'all')).toEqual(['admin', 'hr', 'sekda']);
  });
});

describe('events (docs/DESIGN.md, Roles: "compliance rules, ladders, TPP %, holidays, events")', () => {
  it('lets admin and hr edit events, sekda read them all, an opd user read its own unit\'s, and no employee', () => {
    expect(rolesFor('events.edit')).toEqual(['admin', 'hr']);
    expect(rolesFor('events.read', 'all')).toEqual(['admin', 'hr', 'sekda']);
    expect(rolesFor('events.read', 'own')).toEqual(['opd']);
    expect(thrown(() => authorize(opd, 'events.read', OTHER))).toBe('404');
    expect(thrown(() => authorize(opd, 'events.edit', OWN))).toBe('403');
    expect(thrown(() => authorize(sekda, 'events.edit'))).toBe('403');
    expect(grantOf('pegawai', 'events.read')).toBeNull();
  });
});

describe('can and authorize', () => {
  it('lets admin do everything but ask for a correction, and hr the same but the administration, on any unit', () => {
    // An employee's own page, signing a pact and filing a request belong to employees (pegawai) only.
    expect(ACTIONS.filter((a) => !can(admin, a, OTHER))).toEqual(['correction.request', 'me.read', 'checkin.self', 'pacts.sign', 'requests.file']);
    expect(ACTIONS.filter((a) => !can(hr, a, OTHER))).toEqual(['users.manage', 'tokens.manage', 'jobs.read', 'health.details', 'correction.request', 'me.read', 'checkin.self', 'pacts.manage', 'pacts.sign', 'requests.file']);
  });

  it('refuses a role without the action with a 403, whatever the unit', () => {
    expect(can(sekda, 'session.edit', OWN)).toBe(false);
    expect(thrown(() => authorize(sekda, 'session.edit', OWN))).toBe('403');
    expect(thrown(() => authorize(opd, 'employees.edit', OWN))).toBe('403');
    expect(thrown(() => authorize(hr, 'users.manage'))).toBe('403');
    expect(thrown(() => authorize(admin, 'correction.request', OWN))).toBe('403');
  });

  it('lets an opd user reach its own unit and answers 404 for another one', () => {
    expect(can(opd, 'session.edit', OWN)).toBe(true);
    expect(can(opd, 'session.edit', OTHER)).toBe(false);
    expect(thrown(() => authorize(opd, 'session.read', OWN))).toBe('allowed');
    expect(thrown(() => authorize(opd, 'session.read', OTHER))).toBe('404');
    // An opd user runs its own unit's check-in screen and reviews its check-ins, not another's.
    expect(thrown(() => authorize(opd, 'checkin.screen', OWN))).toBe('allowed');
    expect(thrown(() => authorize(opd, 'checkin.review', OTHER))).toBe('404');
    // Events are Pemda-wide: their screen is hr's and admin's; sekda runs no screen; only an employee checks in.
    expect(rolesFor('checkin.event')).toEqual(['admin', 'hr']);
    expect(thrown(() => authorize(sekda, 'checkin.screen', OWN))).toBe('403');
    expect(rolesFor('checkin.self')).toEqual(['pegawai']);
    // An employee with no unit today is not the opd user's.
    expect(thrown(() => authorize(opd, 'employees.read', { opdId: null }))).toBe('404');
    expect(thrown(() => authorize(sekda, 'employees.read', { opdId: null }))).toBe('allowed');
  });

  it("lets the unit's operator, hr and admin scan cards at an apel (another unit's is a 404), and not sekda or employees", () => {
    expect(rolesFor('checkin.scan')).toEqual(['admin', 'hr', 'opd']);
    expect(thrown(() => authorize(opd, 'checkin.scan', OWN))).toBe('allowed');
    expect(thrown(() => authorize(opd, 'checkin.scan', OTHER))).toBe('404');
    expect(thrown(() => authorize(hr, 'checkin.scan', OTHER))).toBe('allowed');
    expect(thrown(() => authorize(sekda, 'checkin.scan', OWN))).toBe('403');
    expect(thrown(() => authorize({ role: 'pegawai', opdId: 7 }, 'checkin.scan', OWN))).toBe('403');
  });

  it("lets hr and admin scan anyone at an event, a unit's operator only its own people, and not sekda or employees", () => {
    expect(rolesFor('checkin.eventScan')).toEqual(['admin', 'hr', 'opd']);
    expect(rolesFor('checkin.eventScan', 'own')).toEqual(['opd']);
    expect(unitScope(opd, 'checkin.eventScan')).toEqual({ kind: 'units', ids: [OWN.opdId] });
    expect(unitScope(hr, 'checkin.eventScan')).toEqual({ kind: 'all' });
    expect(thrown(() => authorize(opd, 'checkin.eventScan', OWN))).toBe('allowed');
    expect(thrown(() => authorize(opd, 'checkin.eventScan', OTHER))).toBe('404');
    expect(thrown(() => authorize(hr, 'checkin.eventScan', OTHER))).toBe('allowed');
    expect(thrown(() => authorize(sekda, 'checkin.eventScan'))).toBe('403');
    expect(thrown(() => authorize({ role: 'pegawai', opdId: 7 }, 'checkin.eventScan', OWN))).toBe('403');
    // The event's QR screen and review list stay hr's and admin's.
    expect(can(opd, 'checkin.event')).toBe(false);
  });

  it('lets an opd user past a route guard (no unit yet) only for actions it has', () => {
    expect(can(opd, 'absences.edit')).toBe(true);
    expect(can(opd, 'correction.request')).toBe(true);
    expect(can(opd, 'session.editLocked')).toBe(false);
    expect(can(opd, 'flags.followUp')).toBe(false);
  });

  it('gives an opd user with no unit nothing of any unit', () => {
    expect(can(unitless, 'dashboard.read', OWN)).toBe(false);
    expect(can(unitless, 'dashboard.read', { opdId: null })).toBe(false);
    expect(thrown(() => authorize(unitless, 'opds.read', OWN))).toBe('404');
  });

  it('lets everyone read the instance-wide rules and holidays', () => {
    for (const user of [admin, hr, sekda, opd, unitless]) {
      expect(can(user, 'settings.read')).toBe(true);
      expect(can(user, 'holidays.read')).toBe(true);
      expect(can(user, 'account.use')).toBe(true);
    }
  });
});

describe('unitScope', () => {
  it('is every unit for admin, hr and sekda, the own unit for an opd user', () => {
    for (const user of [admin, hr, sekda]) expect(unitScope(user, 'employees.read')).toEqual({ kind: 'all' });
    expect(unitScope(opd, 'employees.read')).toEqual({ kind: 'units', ids: [7] });
  });

  it('is no unit at all for an opd user without one, or for a role without the action', () => {
    expect(unitScope(unitless, 'employees.read')).toEqual({ kind: 'units', ids: [] });
    expect(unitScope(sekda, 'absences.edit')).toEqual({ kind: 'units', ids: [] });
  });

  it('narrows to a chosen unit inside the scope, and to nothing outside it or for an unknown one', () => {
    expect(narrowScope({ kind: 'all' }, 8)).toEqual({ kind: 'units', ids: [8] });
    expect(narrowScope({ kind: 'all' }, undefined)).toEqual({ kind: 'units', ids: [] });
    expect(narrowScope({ kind: 'units', ids: [7] }, 7)).toEqual({ kind: 'units', ids: [7] });
    expect(narrowScope({ kind: 'units', ids: [7] }, 8)).toEqual({ kind: 'units', ids: [] });
    expect(inScope({ kind: 'all' }, 8)).toBe(true);
    expect(inScope({ kind: 'units', ids: [7] }, 8)).toBe(false);
    expect(inScope({ kind: 'units', ids: [7] }, null)).toBe(false);
  });
});

describe('where a user lands, and the menu', () => {
  const user = (role: Role, opdCode: string | null = null): CurrentUser => ({
    id: 1,
    username: 'u',
    displayName: 'U',
    role,
    opdId: opdCode ? 7 : null,
    opdCode,
    language: null,
    mustChangePassword: false,
    via: 'session',
  });

  it('sends readers of every unit to the dashboard and an opd user to its unit page', () => {
    expect(homeOf(user('sekda'))).toBe('/dashboard');
    expect(homeOf(user('opd', 'DINKES'))).toBe('/opd/DINKES');
    expect(homeOf(user('opd'))).toBe('/account');
    // An employee's unit is where they work, not a unit page they may read: they land on their own page.
    expect(homeOf(user('pegawai', 'DINKES'))).toBe('/me');
  });

  // The menus as they were when each entry listed its roles by hand.
  const MENUS: Record<Role, string[]> = {
    admin: ['dashboard', 'opds', 'employees', 'absences', 'requests', 'reports', 'flags', 'pacts', 'corrections', 'events', 'holidays', 'settings', 'users', 'tokens', 'audit', 'jobs', 'notifications', 'account'],
    hr: ['dashboard', 'opds', 'employees', 'absences', 'requests', 'reports', 'flags', 'pacts', 'corrections', 'events', 'holidays', 'settings', 'audit', 'notifications', 'account'],
    sekda: ['dashboard', 'opds', 'employees', 'reports', 'flags', 'pacts', 'events', 'holidays', 'settings', 'audit', 'notifications', 'account'],
    opd: ['my_opd', 'opds', 'employees', 'absences', 'requests', 'activation', 'cards', 'checkin', 'reports', 'flags', 'pacts', 'events', 'holidays', 'settings', 'audit', 'notifications', 'account'],
    pegawai: ['me', 'notifications', 'account'],
  };

  it.each(ROLES)('derives the menu of %s from the policy table', (role) => {
    const items = features.flatMap((f) => f.nav ?? []);
    const links: NavLink[] = navFor(items, user(role, 'DINKES'), '/');
    const labels = links.map((l) => l.label.replace(/^nav\./, ''));
    expect([...labels].sort()).toEqual([...MENUS[role]].sort());
  });
});
