import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config, Language } from '../config';
import type { Database, Role } from '../db/database';
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
  /** 'session' for a signed-in person, 'token' for an API client. */
  via: 'session' | 'token';
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
  /** Counts password guesses (sign-in and the account page's current password) for the whole app. */
  loginLimiter: LoginLimiter;
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** Epoch ms of sign-in, for the absolute lifetime. */
    signedInAt?: number;
    /** Epoch ms of the last request, for the idle timeout. */
    lastSeenAt?: number;
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
