import type { Request } from 'express';
import QRCode from 'qrcode';
import type { Config } from '../../config';
import { nowMs } from '../../lib/clock';
import { signCheckIn, slotOf, SLOT_SECONDS, type CheckInTarget } from './check-in-token';

/*
 * What the check-in screen shows at one moment: the QR of the absolute link /c/<token> for the
 * current 30-second slot, the link as text, and when the next slot begins (the page reloads,
 * or its script swaps the QR, then).
 */
export interface Frame {
  link: string;
  svg: string;
  /** Milliseconds until the next slot, by the server's clock. */
  refreshInMs: number;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The address phones open: PUBLIC_URL when the instance has one (a screen run on the server's
 * own console still shows the address people reach), else the one the screen's browser used.
 */
export function originOf(req: Request, config: Config): string {
  const host = req.get('host');
  if (config.publicUrlSet || !host || !HOST.test(host)) return config.publicUrl;
  return `${req.protocol}://${host}`;
}

export async function frameOf(key: Buffer, target: CheckInTarget, origin: string): Promise<Frame> {
  const now = nowMs();
  const slot = slotOf(now);
  const link = `${origin}/c/${signCheckIn(key, target, slot)}`;
  // Quality M and the standard quiet zone: it scans from a projector across a hall.
  const svg = await QRCode.toString(link, { type: 'svg', margin: 4, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  return { link, svg, refreshInMs: (slot + 1) * SLOT_SECONDS * 1000 - now };
}

/** Seconds for the no-script page's meta refresh: just past the start of the next slot. */
export function refreshSeconds(frame: Frame): number {
  return Math.max(1, Math.ceil(frame.refreshInMs / 1000));
}
