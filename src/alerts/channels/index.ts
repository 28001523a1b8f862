/** Builds channels from their config; each type's module (and nodemailer, undici) loads only when used. */
import type { ChannelConfig } from '../../config/schema/alerts.js';
import type { AlertChannel, ChannelContext } from './alert-channel.js';

export async function createChannel(config: ChannelConfig, context: ChannelContext): Promise<AlertChannel> {
  switch (config.type) {
    case 'email':
      return (await import('./email/email-channel.js')).createEmailChannel(config);
    case 'webhook':
      return (await import('./webhook/webhook-channel.js')).createWebhookChannel(config);
    case 'command':
      return (await import('./command/command-channel.js')).createCommandChannel(config, context);
  }
}

/** The channels one delivery pass uses, created on first use and closed together. */
export class ChannelPool {
  private readonly created = new Map<string, Promise<AlertChannel>>();

  constructor(
    private readonly configs: readonly ChannelConfig[],
    private readonly context: ChannelContext,
  ) {}

  get(name: string): Promise<AlertChannel> | undefined {
    const config = this.configs.find((c) => c.name === name);
    if (!config) return undefined;
    let channel = this.created.get(name);
    if (!channel) {
      channel = createChannel(config, this.context);
      this.created.set(name, channel);
    }
    return channel;
  }

  async closeAll(): Promise<void> {
    const channels = await Promise.allSettled(this.created.values());
    await Promise.allSettled(channels.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
    this.created.clear();
  }
}
