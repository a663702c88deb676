import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

/** The four zones an Indonesian Pemda can be in (WIB, WIB Kalbar, WITA, WIT). */
export const TIMEZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export class ConfigError extends Error {}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('data/ikrar.db')
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v), {
      message: 'a SQLite file path, or postgres://user@host:port/database',
    }),
  DATA_DIR: z.string().min(1).optional(),
  TIMEZONE: z.enum(TIMEZONES).default('Asia/Jakarta'),
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('id'),
  PUBLIC_URL: z.url({ message: 'an absolute http(s) URL' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'smtp://user:pass@host:port or smtps://…')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Ikrar <ikrar@localhost>'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  DEMO: z.enum(['auto', '0', '1']).default('auto'),
  SCHEDULER: z.enum(['0', '1']).default('1'),
  OIDC_ISSUER: z.url({ message: 'an absolute http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_NIP_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'a claim name (letters, digits, _ : . -)')
    .default('nip'),
  OIDC_NIP_FROM_USERNAME: z.enum(['0', '1']).default('0'),
  OIDC_SCOPES: z.string().min(1).max(500).default('openid profile'),
  OIDC_LABEL: z.string().min(1).max(60).default('SSO'),
});

/*
 * The variables whose value a configuration error may repeat. Any other (SESSION_SECRET, and
 * DATABASE_URL and SMTP_URL, which carry a password) is named without its value: the line
 * lands in terminals, service logs and support tickets.
 */
const SHOWN_VALUES = new Set([
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATA_DIR',
  'TIMEZONE',
  'LOG_LEVEL',
  'DEFAULT_LANGUAGE',
  'PUBLIC_URL',
  'SMTP_FROM',
  'TRUST_PROXY',
  'DEMO',
  'SCHEDULER',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_NIP_CLAIM',
  'OIDC_NIP_FROM_USERNAME',
  'OIDC_SCOPES',
  'OIDC_LABEL',
]);

/** Single sign-on for employees over OpenID Connect (src/features/sso); absent when not configured. */
export type OidcConfig = Readonly<{
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** The claim carrying the employee's NIP. */
  nipClaim: string;
  /** Take the NIP from preferred_username when the claim is missing (a provider whose usernames are NIPs). */
  nipFromUsername: boolean;
  scopes: string;
  /** Shown on the button: "Masuk dengan <label>". */
  label: string;
}>;

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  dataDir: string;
  timezone: (typeof TIMEZONES)[number];
  sessionSecret: string;
  logLevel: string;
  defaultLanguage: Language;
  publicUrl: string;
  /** PUBLIC_URL was given: links shown on screens use it rather than the address the browser used. */
  publicUrlSet: boolean;
  smtpUrl: string | undefined;
  smtpFrom: string;
  trustProxy: boolean;
  /** Seed the demo province into an empty database (never in production). */
  demo: boolean;
  scheduler: boolean;
  oidc: OidcConfig | undefined;
}>;

export function dialectOf(databaseUrl: string): 'sqlite' | 'postgres' {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/**
 * Reads the environment once. Empty strings count as unset, so a `.env` copied from
 * `.env.example` with blank values behaves like no `.env` at all.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    const shown = SHOWN_VALUES.has(key) ? `=${JSON.stringify(input[key] ?? '')}` : '';
    throw new ConfigError(`Invalid ${key}${shown}: ${describe(issue)}`);
  }
  const e = parsed.data;
  const dialect = dialectOf(e.DATABASE_URL);
  const dataDir = path.resolve(e.DATA_DIR ?? (dialect === 'sqlite' ? path.dirname(e.DATABASE_URL) : 'data'));
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid SESSION_SECRET: required in production (at least 32 characters)');
  }
  if (Boolean(e.OIDC_ISSUER) !== Boolean(e.OIDC_CLIENT_ID)) {
    throw new ConfigError(`Invalid ${e.OIDC_ISSUER ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER'}: single sign-on needs both OIDC_ISSUER and OIDC_CLIENT_ID`);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dialect,
    dataDir,
    timezone: e.TIMEZONE,
    sessionSecret: e.SESSION_SECRET ?? localSecret(dataDir, e.NODE_ENV),
    logLevel: e.LOG_LEVEL,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    publicUrlSet: e.PUBLIC_URL !== undefined,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    trustProxy: e.TRUST_PROXY === '1',
    demo: !isProduction && e.DEMO !== '0',
    scheduler: e.SCHEDULER === '1',
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? oidcOf(e) : undefined,
  });
}

function oidcOf(e: z.infer<typeof schema>): OidcConfig {
  return Object.freeze({
    issuer: e.OIDC_ISSUER!,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET,
    nipClaim: e.OIDC_NIP_CLAIM,
    nipFromUsername: e.OIDC_NIP_FROM_USERNAME === '1',
    scopes: e.OIDC_SCOPES,
    label: e.OIDC_LABEL,
  });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `allowed: ${issue.values.join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return issue.message.startsWith('Too') ? `allowed: 1-65535` : issue.message;
  }
  if (issue.code === 'invalid_type') return 'must be a whole number';
  return issue.message;
}

/** Development convenience: a random secret kept beside the database so sign-ins survive restarts. */
function localSecret(dataDir: string, env: string): string {
  if (env === 'test') return 'test-secret-test-secret-test-secret-0000';
  const file = path.join(dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
