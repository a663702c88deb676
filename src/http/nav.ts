import { grantOf, type Action, type Scope } from '../policy';
import type { CurrentUser } from './types';

export interface NavItem {
  /** i18n key of the label */
  label: string;
  href: string | ((user: CurrentUser) => string);
  /** Shown to the roles that may do this (rules.ts)... */
  action: Action;
  /** ...and only with this reach, when given (the dashboard versus one's own unit page). */
  scope?: Scope;
  /** lower sorts first */
  order: number;
}

export interface NavLink {
  label: string;
  href: string;
  current: boolean;
}

export function navFor(items: NavItem[], user: CurrentUser, path: string): Omit<NavLink, 'label'>[] & NavLink[] {
  return items
    .filter((i) => {
      const grant = grantOf(user.role, i.action);
      return grant !== null && (!i.scope || i.scope === grant);
    })
    .sort((a, b) => a.order - b.order)
    .map((i) => {
      const href = typeof i.href === 'function' ? i.href(user) : i.href;
      return { label: i.label, href, current: path === href || (href !== '/' && path.startsWith(`${href}/`)) };
    });
}
