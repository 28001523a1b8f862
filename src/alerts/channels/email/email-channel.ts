/**
 * Email through nodemailer: a subject that says what and why, a text and an HTML body, and a stable
 * Message-ID derived from the idempotency key, so a message re-sent after a crash is recognisable
 * as the same one (mail clients and most servers fold duplicates by Message-ID).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { EmailChannelConfig } from '../../../config/schema/alerts.js';
import { redact } from '../../../privacy/redactor.js';
import { htmlBodyOf, subjectOf, textBodyOf } from '../../message.js';
import { abortable, type AlertChannel, type Notification } from '../alert-channel.js';

export function messageIdFor(key: string, channel: string): string {
  return `<${createHash('sha256').update(`${channel}\0${key}`).digest('hex').slice(0, 32)}@trackz>`;
}

export async function createEmailChannel(config: EmailChannelConfig): Promise<AlertChannel> {
  const { createTransport } = await import('nodemailer');
  const smtp = config.smtp;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port ?? (smtp.secure ? 465 : 587),
    secure: smtp.secure,
    requireTLS: smtp.starttls === 'required',
    ignoreTLS: smtp.starttls === 'off',
    auth: smtp.user !== undefined ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    // SNI takes a host name only (RFC 6066).
    tls: { rejectUnauthorized: smtp.rejectUnauthorized, ...(isIP(smtp.host) ? {} : { servername: smtp.host }) },
    connectionTimeout: config.timeout,
    greetingTimeout: config.timeout,
    socketTimeout: config.timeout,
    dnsTimeout: config.timeout,
  });
  const from = config.from ?? `trackz <trackz@${hostname()}>`;
  return {
    name: config.name,
    type: 'email',
    timeoutMs: config.timeout,
    target: `${config.to.join(', ')} via ${smtp.host}:${smtp.port ?? (smtp.secure ? 465 : 587)}`,
    async send(notification: Notification, signal: AbortSignal) {
      const { event } = notification;
      try {
        await abortable(
          transport.sendMail({
            from,
            to: config.to,
            subject: subjectOf(event),
            text: textBodyOf(event),
            html: htmlBodyOf(event),
            messageId: messageIdFor(notification.key, config.name),
            date: new Date(event.at),
            headers: { 'X-Trackz-Event': notification.key, 'X-Trackz-Kind': event.kind, 'Auto-Submitted': 'auto-generated' },
          }),
          signal,
        );
      } catch (error) {
        throw new Error(redact(`SMTP ${smtp.host}: ${(error as Error).message}`));
      }
    },
    async close() {
      transport.close();
    },
  };
}
