import 'dotenv/config';
import crypto from 'node:crypto';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { connect } from '../src/db/connect';
import { STAFF_ROLES, type StaffRole } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { nowIso } from '../src/lib/clock';
import { containsUsername, hashPassword, MIN_PASSWORD_LENGTH } from '../src/lib/password';
import { isCommonPassword } from '../src/lib/common-passwords';

/**
 * `npm run user:create -- --username X --role admin [--opd CODE] [--name "Full Name"]`
 * Asks for the password on a terminal; without one (or with --generate) prints a generated one.
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
    let password = values.generate || !process.stdin.isTTY ? '' : await ask('Password (empty = generate): ');
    const generated = !password;
    if (generated) password = crypto.randomBytes(12).toString('base64url');
    if (password.length < MIN_PASSWORD_LENGTH || isCommonPassword(password) || containsUsername(password, username)) {
      throw new Error(`the password needs ${MIN_PASSWORD_LENGTH}+ characters, must not be a common one and must not contain the username`);
    }
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

async function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
