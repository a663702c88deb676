import argon2 from 'argon2';

/*
 * argon2id with the library's defaults (64 MiB, 3 passes), the OWASP-recommended choice.
 * A dummy hash lets a sign-in for an unknown user take as long as one with a wrong password.
 */
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
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
