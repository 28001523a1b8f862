/**
 * The three bodies a webhook can send: `generic` (the documented trackz JSON, version 1),
 * `slack` ({text, blocks}, for incoming webhooks) and `discord` ({content, embeds}).
 */
import type { WebhookChannelConfig } from '../../../config/schema/alerts.js';
import { eventBody, type AlertEvent } from '../../alert-event.js';
import { clip, colorOf, factsOf, headline, reason, summaryOf, titleOf } from '../../message.js';

/** Slack's mrkdwn treats &, < and > as markup. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackBody(event: AlertEvent): unknown {
  const facts = factsOf(event).filter(([label]) => label !== 'Dashboard');
  return {
    text: summaryOf(event),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(event.kind === 'test' ? `*${headline(event)}* — ${slackEscape(reason(event))}` : `*${headline(event)}* \`${slackEscape(event.monitor)}\` — ${slackEscape(reason(event))}`, 3000) } },
      { type: 'section', fields: facts.slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: clip(`*${label}*\n${slackEscape(value)}`, 2000) })) },
      ...(event.dashboardUrl ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open dashboard' }, url: event.dashboardUrl }] }] : []),
    ],
  };
}

function discordBody(event: AlertEvent): unknown {
  const facts = factsOf(event).filter(([label]) => label !== 'Dashboard');
  return {
    content: clip(summaryOf(event), 2000),
    embeds: [
      {
        title: clip(titleOf(event), 256),
        description: clip(reason(event), 4096),
        color: Number.parseInt(colorOf(event).slice(1), 16),
        timestamp: event.at,
        ...(event.dashboardUrl ? { url: event.dashboardUrl } : {}),
        fields: facts.slice(0, 25).map(([label, value]) => ({ name: label, value: clip(value || '–', 1024), inline: value.length < 40 })),
        footer: { text: `trackz · ${event.id}` },
      },
    ],
  };
}

export function webhookBody(format: WebhookChannelConfig['format'], event: AlertEvent): string {
  switch (format) {
    case 'slack':
      return JSON.stringify(slackBody(event));
    case 'discord':
      return JSON.stringify(discordBody(event));
    case 'generic':
      return JSON.stringify(eventBody(event));
  }
}
