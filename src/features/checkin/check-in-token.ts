import crypto from 'node:crypto';
import { deriveKey } from '../../lib/keys';

/*
 * The token in the rotating QR of a check-in screen (docs/DESIGN.md, "Employees, check-in and
 * events"): it names what is being checked into and a 30-second slot, signed by the server.
 *   apel:  A<unit id>-<yyyymmdd>.<slot>.<MAC>
 *   event: E<event id>.<slot>.<MAC>
 * slot = floor(epoch seconds / 30). A token is accepted during its slot and the next one only,
 * so a photo of the screen sent to a colleague at home is worth a minute at most. The MAC is
 * HMAC-SHA-256 with a key of its own, cut to 12 bytes (96 bits, 16 base64url characters): a
 * guess has a minute to hit, and a shorter text makes a QR that scans from the back of a hall.
 * Numbers carry no leading zeros, so one token has exactly one text.
 */
export const SLOT_SECONDS = 30;
const MAC_BYTES = 12;
const SHAPE = /^(?:A([1-9]\d{0,9})-(\d{8})|E([1-9]\d{0,9}))\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{16})$/;

export type CheckInTarget = { kind: 'apel'; opdId: number; date: string } | { kind: 'event'; eventId: number };

export function checkInKey(sessionSecret: string): Buffer {
  return deriveKey(sessionSecret, 'check-in-qr');
}

export function slotOf(epochMillis: number): number {
  return Math.floor(epochMillis / 1000 / SLOT_SECONDS);
}

function subject(target: CheckInTarget): string {
  return target.kind === 'apel' ? `A${target.opdId}-${target.date.replaceAll('-', '')}` : `E${target.eventId}`;
}

function mac(key: Buffer, body: string): Buffer {
  return crypto.createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

export function signCheckIn(key: Buffer, target: CheckInTarget, slot: number): string {
  const body = `${subject(target)}.${slot}`;
  return `${body}.${mac(key, body).toString('base64url')}`;
}

export type TokenReading =
  | { ok: true; target: CheckInTarget; slot: number }
  /** 'invalid': forged, altered or not a token; 'expired': right, but older than its slot and the next. */
  | { ok: false; reason: 'invalid' | 'expired' };

/** What a token names, when its MAC is right (constant-time) and its slot is now or the one before. */
export function readCheckIn(key: Buffer, text: string, nowMillis: number): TokenReading {
  const m = SHAPE.exec(text);
  if (!m) return { ok: false, reason: 'invalid' };
  const given = Buffer.from(m[5], 'base64url');
  if (given.length !== MAC_BYTES || given.toString('base64url') !== m[5]) return { ok: false, reason: 'invalid' };
  const body = text.slice(0, text.lastIndexOf('.'));
  if (!crypto.timingSafeEqual(given, mac(key, body))) return { ok: false, reason: 'invalid' };
  const slot = Number(m[4]);
  const now = slotOf(nowMillis);
  // A token from the future is forged or from a clock gone wrong; one slot of slack for clocks.
  if (slot > now + 1) return { ok: false, reason: 'invalid' };
  if (slot < now - 1) return { ok: false, reason: 'expired' };
  const target: CheckInTarget = m[1]
    ? { kind: 'apel', opdId: Number(m[1]), date: `${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6, 8)}` }
    : { kind: 'event', eventId: Number(m[3]) };
  return { ok: true, target, slot };
}
