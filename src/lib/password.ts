import argon2 from 'argon2';

/*
 * argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, one lane. The library's
 * default (64 MiB, 3 passes) costs about five times as much CPU and three times the memory per
 * sign-in, which a 2-core server cannot pay for a province's employees signing in at once
 * (docs/BENCHMARKS.md, "Employee accounts"). Hashes made with other settings still verify and are
 * replaced at the next successful sign-in (needsNewHash).
 * A dummy hash lets a sign-in for an unknown user take as long as one with a wrong password.
 */
const PARAMS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, PARAMS);
}

/** A stored hash made with other settings than today's. */
export function needsNewHash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, PARAMS);
  } catch {
    return true;
  }
}

/*
 * The stored "hash" of an account that has no password: an employee's account made at their
 * first single sign-on (src/features/sso). No password matches it; checking one still costs a
 * real hash's time, so a sign-in does not reveal that the account signs in only by SSO. The
 * account page lets its owner set a password if they want one.
 */
export const NO_PASSWORD = '!none';

export function hasPassword(hash: string): boolean {
  return hash !== NO_PASSWORD;
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  if (!hasPassword(hash)) return burnVerify(plain);
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
export async function burnVerify(plain: string): Promise<false> {
  dummy ??= hashPassword('ikrar-timing-equaliser');
  await verifyPassword(await dummy, plain);
  return false;
}

export const MIN_PASSWORD_LENGTH = 10;

/** A password that contains the username (in any case) is the first thing an attacker tries. */
export function containsUsername(password: string, username: string): boolean {
  const name = username.trim().toLowerCase();
  return name.length > 0 && password.toLowerCase().includes(name);
}
