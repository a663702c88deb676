import { ForbiddenError, NotFoundError } from '../http/errors';
import { RULES, type Action, type Grants, type Role, type Scope } from './rules';

/*
 * The questions every route, service, API handler and export asks (rules.ts holds the answers):
 *   can(user, action, target?)        may they? (a boolean, for showing buttons and links)
 *   authorize(user, action, target?)  the same, throwing: 403 for a role that may not, 404 for
 *                                     another unit's data (its existence is not confirmed)
 *   unitScope(user, action)           which units a list or a report may show them
 * A target is the unit the thing belongs to: an OPD's id, an employee's or a session's unit.
 */

/** Who is asking: a signed-in person or an API token (a token acts as a user of its role). */
export interface PolicyUser {
  role: Role;
  /** The own unit of a unit-bound role; null when it has none. */
  opdId?: number | null;
}

export interface Target {
  /** The unit the thing belongs to; null or undefined when it belongs to none the user has. */
  opdId: number | null | undefined;
}

/** Every unit, or these (none when the list is empty). */
export type UnitScope = { kind: 'all' } | { kind: 'units'; ids: number[] };

const TABLE: Readonly<Record<Action, Grants>> = RULES;

/** How far a role's grant for an action reaches, or null when it has none. */
export function grantOf(role: Role, action: Action): Scope | null {
  return TABLE[action][role] ?? null;
}

/** The roles that may do an action, optionally only those with this reach (navigation). */
export function rolesFor(action: Action, scope?: Scope): Role[] {
  return (Object.entries(TABLE[action]) as [Role, Scope][]).filter(([, s]) => !scope || s === scope).map(([r]) => r);
}

export function can(user: PolicyUser, action: Action, target?: Target): boolean {
  const scope = grantOf(user.role, action);
  if (scope === null) return false;
  if (scope === 'all' || target === undefined) return true;
  return user.opdId != null && target.opdId === user.opdId;
}

export function authorize(user: PolicyUser, action: Action, target?: Target): void {
  if (grantOf(user.role, action) === null) throw new ForbiddenError();
  if (!can(user, action, target)) throw new NotFoundError();
}

export function unitScope(user: PolicyUser, action: Action): UnitScope {
  const scope = grantOf(user.role, action);
  if (scope === 'all') return { kind: 'all' };
  return { kind: 'units', ids: scope === 'own' && user.opdId != null ? [user.opdId] : [] };
}

/**
 * A scope narrowed to the one unit a user picked in a filter. `undefined` is a unit that was
 * asked for but does not exist: nothing matches it.
 */
export function narrowScope(scope: UnitScope, opdId: number | undefined): UnitScope {
  if (opdId === undefined) return { kind: 'units', ids: [] };
  if (scope.kind === 'all' || scope.ids.includes(opdId)) return { kind: 'units', ids: [opdId] };
  return { kind: 'units', ids: [] };
}

export function inScope(scope: UnitScope, opdId: number | null | undefined): boolean {
  return scope.kind === 'all' || (opdId != null && scope.ids.includes(opdId));
}

/** True when the user sees only some units: the unit filter is fixed and not offered. */
export function isNarrowed(scope: UnitScope): boolean {
  return scope.kind === 'units';
}

/** A role bound to one unit (an opd account or token): it is unusable without one. */
export function needsUnit(role: Role): boolean {
  return Object.values(TABLE).some((grants) => grants[role] === 'own');
}

/**
 * Where a user lands after signing in: the Pemda-wide dashboard, their own unit's page for a
 * role that sees one unit, an employee's own page (/me), else their account page.
 */
export function homeOf(user: PolicyUser & { opdCode?: string | null }): string {
  const dashboard = grantOf(user.role, 'dashboard.read');
  if (dashboard === 'all') return '/dashboard';
  if (dashboard === 'own' && user.opdCode) return `/opd/${user.opdCode}`;
  return grantOf(user.role, 'me.read') ? '/me' : '/account';
}
