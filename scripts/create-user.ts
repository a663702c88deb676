import 'dotenv/config';
import crypto from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { read } from 'read';
import { loadConfig } from '../src/config';
import { connect } from '../src/db/connect';
import { STAFF_ROLES, type StaffRole } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { nowIso } from '../src/lib/clock';
import { containsUsername, hashPassword, MIN_PASSWORD_LENGTH } from '../src/lib/password';
import { isCommonPassword } from '../src/lib/common-passwords';

/**
 * `npm run user:create -- --username X --role admin [--opd CODE] [--name "Full Name"]`
 * On a terminal it asks for the password twice without showing it (a mismatch or a password the
 * rules refuse asks again); an empty answer, or --generate, prints a generated one instead.
 * Not on a terminal (a script, a pipe) it reads the password and its confirmation as the first
 * two lines of stdin: `printf '%s\n%s\n' "$PW" "$PW" | npm run user:create -- …`; no input at
 * all (`< /dev/null`) generates one.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      opd: { type: 'string' },
      name: { type: 'string' },
      generate: { type: 'boolean', default: false },
    },
  });
  const username = values.username?.trim().toLowerCase();
  if (!username || !/^[a-z0-9._-]{3,50}$/.test(username)) throw new Error('--username: 3-50 of a-z 0-9 . _ -');
  // An employee's account (pegawai) comes only from activation or single sign-on.
  if (!STAFF_ROLES.includes(values.role as StaffRole)) throw new Error(`--role: one of ${STAFF_ROLES.join(', ')}`);
  const role = values.role as StaffRole;
  if (role === 'opd' && !values.opd) throw new Error('--opd CODE is required for role opd');

  const config = loadConfig();
  const db = connect(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const opd = values.opd
      ? await db.selectFrom('opds').select('id').where('code', '=', values.opd.toUpperCase()).executeTakeFirst()
      : undefined;
    if (values.opd && !opd) throw new Error(`no OPD with code ${values.opd.toUpperCase()}`);
    const chosen = values.generate ? null : process.stdin.isTTY ? await askTwice(username) : await readTwice(username);
    const generated = !chosen;
    const password = chosen ?? crypto.randomBytes(12).toString('base64url');
    const now = nowIso();
    await db
      .insertInto('users')
      .values({
        username,
        display_name: values.name ?? username,
        role,
        opd_id: opd?.id ?? null,
        password_hash: await hashPassword(password),
        email: null,
        language: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    console.log(`created ${role} user "${username}"${generated ? ` with password: ${password}` : ''}`);
  } finally {
    await db.destroy();
  }
}

/** The rules every password meets (as in the app: src/lib/password.ts, common-passwords.ts). */
function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH || isCommonPassword(password) || containsUsername(password, username)) {
    return `the password needs ${MIN_PASSWORD_LENGTH}+ characters, must not be a common one and must not contain the username`;
  }
  return null;
}

/** On a terminal, echo off; asks again until both answers match and the rules are met. Empty = generate. */
async function askTwice(username: string): Promise<string | null> {
  for (;;) {
    const first = await read({ prompt: 'Password (empty = generate): ', silent: true, replace: '' });
    if (!first) return null;
    const problem = passwordProblem(first, username);
    if (problem) {
      console.error(`${problem}; try again.`);
      continue;
    }
    const second = await read({ prompt: 'Password again: ', silent: true, replace: '' });
    if (second === first) return first;
    console.error('The two passwords differ; try again.');
  }
}

/** From a pipe: line 1 the password, line 2 the same again. Nothing at all = generate. */
async function readTwice(username: string): Promise<string | null> {
  const lines: string[] = [];
  const rl = readline.createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  for await (const line of rl) {
    lines.push(line.replace(/\r$/, ''));
    if (lines.length === 2) break;
  }
  rl.close();
  const [first, second] = lines;
  if (!first) return null;
  if (second === undefined) throw new Error('stdin: give the password on the first line and the same again on the second');
  if (second !== first) throw new Error('stdin: the two passwords differ');
  const problem = passwordProblem(first, username);
  if (problem) throw new Error(problem);
  return first;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
