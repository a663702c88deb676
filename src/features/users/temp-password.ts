import crypto from 'node:crypto';

// No 0/O, 1/l/I: the password is read off a screen and typed in on another device.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password like "k7Rm-xq4P-9hTz-wE3c" (about 92 bits), shown once to the admin. */
export function temporaryPassword(): string {
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
