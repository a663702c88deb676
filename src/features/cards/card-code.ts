import crypto from 'node:crypto';
import { deriveKey } from '../../lib/keys';

/*
 * The text an employee's card carries in its QR code, for the operator's scanner at the apel:
 *   IKR1.<employee id>.<card version>.<MAC>
 * The MAC is HMAC-SHA-256 of "IKR1.<id>.<version>" with a key of its own (derived from
 * SESSION_SECRET), cut to 16 bytes (128 bits, 22 base64url characters): plenty against
 * guessing at a scanner, and short enough for a small QR code. A card is not the bare NIP, so
 * nobody can print a card for somebody else; a lost card is revoked by raising the
 * employee's card version, which makes every card printed before it invalid.
 * Numbers are written without leading zeros, so one card has exactly one text.
 */
const PREFIX = 'IKR1';
const MAC_BYTES = 16;
const SHAPE = /^IKR1\.([1-9]\d{0,9})\.([1-9]\d{0,5})\.([A-Za-z0-9_-]{22})$/;

export function cardKey(sessionSecret: string): Buffer {
  return deriveKey(sessionSecret, 'employee-cards');
}

function mac(key: Buffer, employeeId: number, version: number): Buffer {
  return crypto.createHmac('sha256', key).update(`${PREFIX}.${employeeId}.${version}`).digest().subarray(0, MAC_BYTES);
}

export function signCard(key: Buffer, employeeId: number, version: number): string {
  if (!Number.isSafeInteger(employeeId) || employeeId < 1 || !Number.isSafeInteger(version) || version < 1) {
    throw new TypeError(`signCard: employee id and version must be positive integers, got ${employeeId}, ${version}`);
  }
  return `${PREFIX}.${employeeId}.${version}.${mac(key, employeeId, version).toString('base64url')}`;
}

/** The employee and version a card text names, when its MAC is right (compared in constant time); else null. */
export function readCard(key: Buffer, text: string): { employeeId: number; version: number } | null {
  const m = SHAPE.exec(text.trim());
  if (!m) return null;
  const employeeId = Number(m[1]);
  const version = Number(m[2]);
  const given = Buffer.from(m[3], 'base64url');
  // 22 characters decode to 16 bytes, but the last one carries 2 spare bits: re-encoding keeps one spelling.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== m[3]) return null;
  return crypto.timingSafeEqual(given, mac(key, employeeId, version)) ? { employeeId, version } : null;
}

/**
 * The employee a card stands for, or null: a forged, altered or cut text, or a card of an
 * older (or never issued) version. `currentVersion` gives the employee's version now.
 */
export function verifyCard(key: Buffer, text: string, currentVersion: (employeeId: number) => number | null | undefined): number | null {
  const card = readCard(key, text);
  if (!card) return null;
  return currentVersion(card.employeeId) === card.version ? card.employeeId : null;
}
