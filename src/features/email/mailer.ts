import nodemailer, { type Transporter } from 'nodemailer';

/*
 * One pooled SMTP transport per SMTP_URL. Timeouts are short: a mail server that hangs must not
 * hold a scheduled job for minutes; the outbox retries later instead.
 */
const transports = new Map<string, Transporter>();

export function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Closes pooled connections (scheduler stop, tests). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export async function sendMail(smtpUrl: string, message: MailMessage): Promise<void> {
  await transportFor(smtpUrl).sendMail({ ...message, html: message.html ?? undefined });
}
