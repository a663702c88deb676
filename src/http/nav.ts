import type { Role } from '../db/database';
import type { CurrentUser } from './types';

export interface NavItem {
  /** i18n key of the label */
  label: string;
  href: string | ((user: CurrentUser) => string);
  roles: readonly Role[];
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
    .filter((i) => i.roles.includes(user.role))
    .sort((a, b) => a.order - b.order)
    .map((i) => {
      const href = typeof i.href === 'function' ? i.href(user) : i.href;
      return { label: i.label, href, current: path === href || (href !== '/' && path.startsWith(`${href}/`)) };
    });
}
