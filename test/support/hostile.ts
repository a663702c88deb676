import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type request from 'supertest';
import type { Database } from '../../src/db/database';
import { formFields } from './forms';

/*
 * The bad-input sweep's vocabulary: hostile values by the kind of field they are thrown at,
 * a fingerprint of every table a request could write, and "did the user get a message".
 */

/**
 * A form value: one string, the same key repeated (what `field=a&field=b` parses to), or
 * bracketed keys (`field[x]=1`), which the multipart parser nests into an object.
 */
export type FormValue = string | string[] | Record<string, string>;

/** [key, value] pairs as a browser would send them. */
export function formPairs(key: string, value: FormValue): [string, string][] {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.map((v) => [key, v]);
  return Object.entries(value).map(([k, v]) => [`${key}[${k}]`, v]);
}

export const HUGE = 'x'.repeat(100_000);
export const SQL = "' OR 1=1 --";
export const SQL_DROP = "1'); DROP TABLE employees; --";
export const SCRIPT = '<script>alert(1)</script>';
export const MIXED = 'Ахмад أحمد 😀';
export const NUL = 'a\u0000b';
export const BACKSPACE = 'a\u0008b';

export type FieldKind = 'text' | 'date' | 'enum' | 'id' | 'int' | 'number' | 'code' | 'nip' | 'time' | 'checkbox' | 'secret' | 'email';

export interface FieldSpec {
  kind: FieldKind;
  /** Blank is allowed (an optional field): the sweep does not send '' to it. */
  optional?: boolean;
  /** The form shows this field's message without an id of its own (e.g. a table cell). */
  unnamed?: boolean;
  /** A repeated key is read as no value, which this optional field may have (so not refused). */
  repeatIsBlank?: boolean;
}

const COMMON: [string, FormValue][] = [
  ['100 kB', HUGE],
  ['repeated key (array)', ['a', 'b']],
  ['NUL', NUL],
  ['backspace', BACKSPACE],
];

/** Values that are not text of any kind: refused by every field that is not free text. */
const NOT_TEXT: [string, FormValue][] = [
  ['SQL', SQL],
  ['SQL drop', SQL_DROP],
  ['script', SCRIPT],
  ['mixed scripts', MIXED],
];

const DATES: [string, FormValue][] = [
  ['2026-02-30', '2026-02-30'],
  ['0000-00-00', '0000-00-00'],
  ['99999-01-01', '99999-01-01'],
  ['2026-13-01', '2026-13-01'],
  ['26-1-1', '26-1-1'],
];

const NUMBERS: [string, FormValue][] = [
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['1e309', '1e309'],
  ['NaN', 'NaN'],
  ['0x10', '0x10'],
  ['2^31', '2147483648'],
  ['20 digits', '99999999999999999999'],
];

/**
 * The hostile values a field of this kind must refuse. Free text (kind 'text') takes SQL, markup
 * and any script as data, so those are left to the escaping tests; control characters it must not.
 */
export function hostileValues(field: FieldSpec): [string, FormValue][] {
  const out: [string, FormValue][] = COMMON.filter(([l]) => !(field.repeatIsBlank && l.startsWith('repeated')));
  if (!field.optional) out.push(['empty', ''], ['blank', '   ']);
  switch (field.kind) {
    case 'text':
    case 'secret':
      break;
    case 'date':
      out.push(...NOT_TEXT, ...DATES);
      break;
    case 'id':
      out.push(...NOT_TEXT, ...NUMBERS, ['0', '0'], ['no such row', '999999']);
      break;
    case 'int':
    case 'number':
      out.push(...NOT_TEXT, ...NUMBERS.filter(([l]) => field.kind === 'int' || l !== '1.5'));
      break;
    case 'time':
      out.push(...NOT_TEXT, ['25:00', '25:00'], ['12:60', '12:60'], ['noon', 'noon']);
      break;
    case 'checkbox':
      out.push(...NOT_TEXT, ['yes', 'yes'], ['2', '2']);
      break;
    case 'code':
      out.push(...NOT_TEXT, ['too short', 'a']);
      break;
    case 'nip':
      out.push(...NOT_TEXT, ['17 digits', '19800101200801100'], ['born 30 Feb', '198002302008011001']);
      break;
    case 'email':
      out.push(...NOT_TEXT, ['no @', 'pegawai.pemda.go.id']);
      break;
    case 'enum':
      out.push(...NOT_TEXT, ['unknown', 'ZZZ_TIDAK_ADA']);
  }
  // A secret is compared, never stored: any character may be in a password.
  return field.kind === 'secret' ? out.filter(([l]) => l !== 'NUL' && l !== 'backspace') : out;
}

/** urlencoded as a browser sends it; an array value repeats the key. */
export function encodeForm(body: Record<string, FormValue>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const [key, one] of formPairs(k, v)) p.append(key, one);
  return p.toString();
}

/**
 * Tables no form writes, or that reading a page touches (sessions, token use, job runs, the
 * rate limits' counters: every API request and every password check counts, refused or not).
 */
const SKIP = new Set(['login_sessions', 'job_runs', 'rate_limits', 'kysely_migration', 'kysely_migration_lock']);
const VOLATILE: Record<string, string[]> = { api_tokens: ['last_used_at'], users: ['last_login_at'] };

/**
 * A fingerprint of every row of every table a request could write: equal before and after
 * means nothing was written, not even half of something.
 */
const tablesOf = new WeakMap<Kysely<Database>, Promise<string[]>>();

export async function fingerprint(db: Kysely<Database>, skip: string[] = []): Promise<string> {
  if (!tablesOf.has(db)) {
    // Each table once (the introspection lists the schemas on the search path).
    tablesOf.set(db, db.introspection.getTables().then((ts) => [...new Set(ts.map((t) => t.name))].filter((n) => !SKIP.has(n)).sort()));
  }
  const tables = await tablesOf.get(db)!;
  const hash = crypto.createHash('sha1');
  for (const table of tables.filter((t) => !skip.includes(t))) {
    const rows = (await db.selectFrom(table as keyof Database).selectAll().execute()) as Record<string, unknown>[];
    const drop = VOLATILE[table] ?? [];
    const lines = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !drop.includes(k)).map(([k, v]) => [k, v == null ? null : String(v)])));
    hash.update(`${table}:${lines.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** The user was told why: a message beside a field, an alert, the error page, or a JSON error. */
export function hasMessage(res: request.Response): boolean {
  if (/json/.test(res.headers['content-type'] ?? '')) return typeof res.body?.error?.message === 'string' && res.body.error.message.length > 0;
  return /class="field-error"|class="error-page"|role="alert"/.test(res.text ?? '');
}

/** The fields of the form whose opening tag contains `marker` (e.g. `action="/settings"`). */
export function fieldsOfForm(html: string, marker: string): Record<string, string> {
  if (!html.includes(marker)) throw new Error(`no form with ${marker} on the page`);
  return formFields(html.replace(marker, `id="sweep-form" ${marker}`), 'sweep-form');
}
