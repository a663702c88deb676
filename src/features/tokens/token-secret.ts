import crypto from 'node:crypto';

/*
 * An API token is "ikr_" and 43 base64url characters (32 random bytes). Only its SHA-256
 * is stored, with the first 12 characters as a visible prefix to recognise it in lists.
 * A fast hash is right here: the secret has 256 bits of entropy, unlike a password.
 */
export const TOKEN_PATTERN = /^ikr_[A-Za-z0-9_-]{43}$/;

export function newTokenSecret(): { token: string; hash: string; prefix: string } {
  const token = `ikr_${crypto.randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 12) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
