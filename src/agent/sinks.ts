/**
 * Where the forwarder delivers: `trackz serve` over HTTP(S) (undici's fetch, Bearer key, a time limit
 * per batch), or, without `--server`, the config's own storage through the same ingestion the server
 * runs (push-ingest.ts), so one person can use trackz as their ActivityWatch server.
 */
import type { PushBatch } from '../activity/agents/push-batch.js';
import type { AgentConfig } from '../config/schema/activity.js';
import type { ActivityPort } from '../storage/ports/activity.js';
import type { ForwardSink } from './forwarder.js';

export function serverSink(server: string, agent: string, key: string | undefined, timeoutMs = 30_000): ForwardSink {
  const url = new URL(`api/v1/agents/${encodeURIComponent(agent)}/events`, server.endsWith('/') ? server : `${server}/`);
  return {
    label: url.origin,
    async deliver(batch: PushBatch): Promise<void> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(batch), signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(cause?.code ?? cause?.message ?? (error as Error).message);
      }
      const text = await response.text();
      if (!response.ok) {
        let reason = text.slice(0, 200);
        try {
          reason = (JSON.parse(text) as { error?: string }).error ?? reason;
        } catch {
          // Not JSON: a proxy's page; its first characters say enough.
        }
        throw new Error(`HTTP ${response.status} ${reason}`);
      }
    },
  };
}

export function storageSink(activity: ActivityPort, agent: AgentConfig, where: string): ForwardSink {
  return {
    label: where,
    async deliver(batch: PushBatch): Promise<void> {
      const { ingestPushBatch } = await import('../activity/agents/push-ingest.js');
      await ingestPushBatch(activity, agent, batch, Date.now());
    },
  };
}
