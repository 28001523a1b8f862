/**
 * Webhooks with undici: POST the body, 2xx is delivered, anything else (or no answer in time) is a
 * failure to retry. Each request carries `Idempotency-Key` (the event id), and, with a `secret`, an
 * HMAC-SHA256 signature. Redirects are not followed: a webhook that moved is a config to fix.
 */
import { request } from 'undici';
import type { WebhookChannelConfig } from '../../../config/schema/alerts.js';
import { USER_AGENT } from '../../../core/version.js';
import { redact } from '../../../privacy/redactor.js';
import type { AlertChannel, Notification } from '../alert-channel.js';
import { IDEMPOTENCY_HEADER, signatureHeaders } from './signature.js';
import { webhookBody } from './webhook-body.js';

/** Scheme and host only: the path and query of a webhook URL are usually its credential. */
export function redactWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname.length > 1 || parsed.search ? '/…' : '/';
    return redact(`${parsed.protocol}//${parsed.host}${hidden}`);
  } catch {
    return '(invalid URL)';
  }
}

export function createWebhookChannel(config: WebhookChannelConfig, now: () => number = Date.now): AlertChannel {
  return {
    name: config.name,
    type: 'webhook',
    timeoutMs: config.timeout,
    target: `${redactWebhookUrl(config.url)} (${config.format})`,
    async send(notification: Notification, signal: AbortSignal) {
      const body = webhookBody(config.format, notification.event);
      const headers: Record<string, string> = {
        ...Object.fromEntries(Object.entries(config.headers).map(([k, v]) => [k.toLowerCase(), v])),
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [IDEMPOTENCY_HEADER]: notification.key,
        'x-trackz-event': notification.event.kind,
        ...(config.secret ? signatureHeaders(config.secret, body, now()) : {}),
      };
      let status: number;
      let excerpt = '';
      try {
        const response = await request(config.url, { method: 'POST', headers, body, signal, headersTimeout: config.timeout, bodyTimeout: config.timeout });
        status = response.statusCode;
        const text = await response.body.text().catch(() => '');
        excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause;
        throw new Error(redact(`POST ${redactWebhookUrl(config.url)}: ${cause?.message ?? (error as Error).message}`));
      }
      if (status < 200 || status >= 300) throw new Error(redact(`POST ${redactWebhookUrl(config.url)}: HTTP ${status}${excerpt ? ` ${excerpt}` : ''}`));
    },
    async close() {},
  };
}
