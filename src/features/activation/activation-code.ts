import crypto from 'node:crypto';
import { deriveKey } from '../../lib/keys';

/*
 * An activation code: 10 characters of Crockford's base32 (no I, L, O or U, so nothing reads as
 * another character), 50 random bits, shown as XXXXX-XXXXX. Typing is forgiving: lower case,
 * spaces and dashes are ignored, and O, I and L read as 0, 1 and 1, as Crockford specifies.
 *
 * Only an HMAC-SHA-256 of the NIP and the code is stored, keyed with a secret derived from the
 * server's SESSION_SECRET. A keyed fast hash is the right tool here, unlike for passwords:
 * without the key a stolen database gives nothing to guess against, and with it 50 bits are
 * still far beyond offline guessing of one code; online guessing is stopped by the attempt
 * limiter. argon2 per code (about 50 ms and 64 MiB each) would make the 63,000 codes of a
 * province take close to an hour of CPU, for no gain. The NIP in the MAC ties a code to its
 * employee, so a code cannot be used for anybody else.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

export function newCode(): string {
  // 256 is a multiple of 32, so taking 5 bits of each random byte keeps every character equally likely.
  return [...crypto.randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b & 31]).join('');
}

/** XXXXX-XXXXX, as printed on the slip. */
export function groupCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The code as typed to its canonical form, or null when it cannot be one. */
export function readCode(raw: string): string | null {
  const code = raw
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return null;
  return code;
}

/** The key the codes are MACed with: its own, derived from the session secret (HKDF), so the two uses never mix. */
export function activationKey(sessionSecret: string): Buffer {
  return deriveKey(sessionSecret, 'activation-codes');
}

export function hashCode(key: Buffer, nip: string, code: string): string {
  return crypto.createHmac('sha256', key).update(`${nip}\n${code}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
