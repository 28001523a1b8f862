/**
 * What `trackz init` writes, as a new user meets it: a JSON Schema reference that opens wherever trackz
 * is installed, no promise of what does not exist, and an alert rule that warns before a certificate
 * expires — run for real (a TLS server whose certificate has 20 days left, a webhook receiver).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { schemaReference } from '../../src/cli/actions/init.js';
import { ensureBuilt } from '../config/build.js';
import { fullChain, issue, makeTestPki } from '../helpers/certs.js';
import { trackz } from '../helpers/cli.js';
import { startTlsFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';
import { useWorkspace } from '../helpers/workspace.js';

const ws = useWorkspace('trackz-starter-');

beforeAll(async () => {
  await ensureBuilt();
});

async function initIn(name: string): Promise<{ dir: string; text: string }> {
  const dir = ws.path(name);
  mkdirSync(dir, { recursive: true });
  const result = await trackz(['init'], { cwd: dir });
  expect(result.exitCode, result.stderr).toBe(0);
  return { dir, text: readFileSync(join(dir, 'trackz.config.yaml'), 'utf8') };
}

describe('the $schema reference', () => {
  it('opens: it names the JSON Schema of the trackz that wrote the file', async () => {
    const { dir, text } = await initIn('fresh');
    const reference = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
    expect(reference).toBeDefined();
    const schema = JSON.parse(readFileSync(resolve(dir, reference!), 'utf8'));
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['monitors', 'alerts', 'defaults']));
  });

  it('is relative when trackz is installed below the config (it survives a clone), absolute otherwise', () => {
    const project = ws.path('project');
    const installed = join(project, 'node_modules', 'trackz', 'schema', 'trackz.schema.json');
    mkdirSync(dirname(installed), { recursive: true });
    writeFileSync(installed, '{}');
    expect(schemaReference(project, installed)).toBe('./node_modules/trackz/schema/trackz.schema.json');
    const elsewhere = schemaReference(ws.path('other'), installed);
    expect(elsewhere).toBe(installed);
    expect(isAbsolute(elsewhere!)).toBe(true);
    expect(schemaReference(project, join(project, 'missing.json'))).toBeUndefined();
  });
});

describe('the starter', () => {
  it('says what reads interval (nothing in trackz check)', async () => {
    const { text } = await initIn('interval');
    expect(text).toMatch(/^ {2}interval: 60s +# for trackz watch and trackz serve \(coming\); trackz check runs once per call$/m);
  });

  describe('its alert rule, uncommented, warns before a certificate expires', () => {
    let tls: FaultServer;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      const pki = makeTestPki();
      const soon = issue({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'], issuer: pki.intermediate, notAfterDays: 20 });
      tls = await startTlsFaultServer({ key: soon.key, cert: fullChain(soon, pki.intermediate) });
      receiver = await startWebhookReceiver();
      ws.write('expiry/root.pem', pki.root.cert);
    });
    afterAll(async () => {
      await tls?.close();
      await receiver?.close();
    });

    it('sends DEGRADED for 20 days left, with the rule exactly as the starter writes it', async () => {
      const { dir, text } = await initIn('expiry');
      // Uncomment the alerts block, from "# alerts:" to the next blank line, as a user would.
      let inBlock = false;
      const uncommented = text
        .split('\n')
        .map((line) => {
          if (line.startsWith('# alerts:')) inBlock = true;
          if (line.trim() === '') inBlock = false;
          return inBlock ? line.slice(2) : line;
        })
        .join('\n');
      const config = parse(uncommented) as { monitors: Record<string, unknown>[]; alerts: { channels: unknown[]; rules: Record<string, unknown>[] } };
      expect(config.alerts.rules).toEqual([expect.objectContaining({ degraded: true })]);
      // Only the addresses change: the certificate monitor points at the local server, the channels at the receiver.
      const cert = config.monitors.find((m) => m.type === 'ssl')!;
      Object.assign(cert, { host: '127.0.0.1', port: tls.port, ca: 'root.pem' });
      config.monitors = [cert];
      config.alerts.channels = [{ name: 'oncall', type: 'webhook', url: `${receiver.url}/expiry` }];
      config.alerts.rules = config.alerts.rules.map((rule) => ({ ...rule, channels: ['oncall'] }));
      writeFileSync(join(dir, 'trackz.config.yaml'), stringify(config));
      for (let run = 0; run < 2; run++) {
        const result = await trackz(['check', '--alert', '--reporter', 'json'], { cwd: dir });
        expect(result.exitCode, result.stderr).toBe(0);
        expect(JSON.parse(result.stdout).results[0]).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^certificate expires in 19 days/) });
      }
      const [hook] = receiver.accepted();
      expect(receiver.accepted()).toHaveLength(1);
      expect((hook!.body as { event: { kind: string; monitor: string } }).event).toMatchObject({ kind: 'degraded', monitor: cert.name });
    });
  });
});
