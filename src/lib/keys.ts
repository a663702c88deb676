import crypto from 'node:crypto';

/**
 * A 32-byte key of its own for one use of the server's secret (HKDF-SHA-256, salt 'ikrar',
 * the purpose as info): activation codes, employee cards and whatever comes next never share a
 * key, so a MAC made for one use is worth nothing in another.
 */
export function deriveKey(sessionSecret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', sessionSecret, 'ikrar', purpose, 32));
}
