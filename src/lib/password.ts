import argon2 from 'argon2';

/*
 * argon2id with the library's defaults (64 MiB, 3 passes), the OWASP-recommended choice.
 * A dummy hash lets a sign-in for an unknown user take as long as one with a wrong password.
 */
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
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
