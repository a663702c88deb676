import type { Router } from 'express';
import type { NavItem } from '../http/nav';
import type { AppDeps } from '../http/types';

/**
 * A feature plugs into the app with page routes, API routes (mounted under /api/v1, bearer
 * tokens, no CSRF) and navigation entries. src/features/index.ts lists them all.
 */
export interface Feature {
  name: string;
  routes?: (deps: AppDeps) => Router;
  api?: (deps: AppDeps) => Router;
  nav?: NavItem[];
}
