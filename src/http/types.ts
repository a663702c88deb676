import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config, Language } from '../config';
import type { Database, Role } from '../db/database';
import type { Counters } from '../db/rate-limit-store';
import type { LoginLimiter } from '../features/auth/login-limiter';
import type { Translate } from '../i18n/t';

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  opdId: number | null;
  opdCode: string | null;
  language: Language | null;
  mustChangePassword: boolean;
  /** The employee a pegawai account stands for; null or absent for staff and tokens. */
  employeeId?: number | null;
  /** That employee as of today (read with the account on each request); null or absent otherwise. */
  employee?: CurrentEmployee | null;
  /** 'session' for a signed-in person, 'token' for an API client. */
  via: 'session' | 'token';
}

/** The employee behind a pegawai account, in service today, with today's unit (none between assignments). */
export interface CurrentEmployee {
  id: number;
  nip: string;
  name: string;
  opdId: number | null;
  opdName: string | null;
}

export interface Flash {
  kind: 'success' | 'error' | 'info';
  message: string;
}

/** What every router factory receives. */
export interface AppDeps {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  /** Where rate limits keep their counts (the database: one limit across instances). */
  counters: Counters;
  /** Counts password guesses (sign-in and the account page's current password) for the whole app. */
  loginLimiter: LoginLimiter;
  /** Counts activation-code guesses, per address and per NIP, apart from sign-ins. */
  activationLimiter: LoginLimiter;
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** Epoch ms of sign-in, for the absolute lifetime. */
    signedInAt?: number;
    /** Epoch ms of the last request, for the idle timeout. */
    lastSeenAt?: number;
    /** A sign-in that lasts longer than the staff default (an employee's, in days): its ms. */
    lifetimeMs?: number;
    lang?: Language;
    flash?: Flash[];
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    user?: CurrentUser;
    lang: Language;
    t: Translate;
  }
}
