/**
 * One import of an agent: from ActivityWatch's REST API (each bucket from its cursor forward), from
 * export files, or from generic event files (NDJSON/CSV). Events pass the agent's privacy rules
 * (agent-event.ts) before they are written, in batches, each batch in one transaction. Events are
 * keyed by (bucket, start), so a re-run after a crash, or the same file imported twice, adds nothing.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AgentConfig } from '../../config/schema/activity.js';
import { compileRedactionRules } from '../../privacy/agent-redaction.js';
import { oldestKeptSaltDay } from '../../privacy/visitor-hasher.js';
import type { AgentEventWriter, CursorPosition } from '../../storage/ports/activity.js';
import { StorageFullError } from '../../storage/errors.js';
import { countSkip, emptyStats, fullDiskProgress, noteMalformed, StrictImportError, type FileReport, type ImportRunOptions, type ImportStats } from '../import-stats.js';
import { planFromStat } from '../input/import-cursor.js';
import { openStdin, resolveInputs } from '../input/import-inputs.js';
import { lineBlocks } from '../input/line-blocks.js';
import { fingerprintOf, readHead, type LogFile } from '../input/log-file.js';
import { bucketTypeFromName, deviceOf, isBucketType, normalizeAwEvent, type AgentBucket, type AgentEvent, type EventRules } from './agent-event.js';
import { eventWindows, listBuckets } from './aw-rest-client.js';
import { readAwExport } from './aw-export-reader.js';
import { eventFileFormat, genericEvent } from './event-file-reader.js';
import { JsonScanError } from './json-stream-scanner.js';

export interface AgentImportOptions extends ImportRunOptions {
  agent: AgentConfig;
}

/** Events written per transaction. */
const BATCH = 5_000;

interface Pending {
  bucket: AgentBucket;
  event: AgentEvent;
}

class AgentImport {
  readonly stats: ImportStats;
  readonly writer: AgentEventWriter;
  readonly rules: EventRules;
  private pending: Pending[] = [];
  /** Events older than this are past retention: not written (retention would delete them). */
  readonly oldest: number;

  constructor(
    readonly options: AgentImportOptions,
    readonly now: () => number,
    readonly agentId: number,
  ) {
    const { activity, agent } = options;
    this.stats = emptyStats('agent', agent.name);
    this.writer = activity.agentWriter(agentId);
    this.rules = { redact: compileRedactionRules(agent.privacy.redact), keepQuery: agent.privacy.keepQuery };
    this.oldest = now() - agent.privacy.retention.events;
  }

  /** Queues a kept event; true when a batch is full: then await `flush()` before adding more. */
  add(bucket: AgentBucket, event: AgentEvent, report: FileReport | undefined): boolean {
    this.stats.lines++;
    if (report) report.lines++;
    if (this.stats.newestTs === null || event.end > this.stats.newestTs) this.stats.newestTs = event.end;
    if (event.end < this.oldest) {
      countSkip(this.stats, 'older-than-retention');
      return false;
    }
    this.pending.push({ bucket, event });
    return this.pending.length >= BATCH;
  }

  skip(reason: string, report: FileReport | undefined): void {
    this.stats.lines++;
    if (report) report.lines++;
    countSkip(this.stats, reason);
  }

  async malformed(file: string, line: number, reason: string, report: FileReport | undefined): Promise<void> {
    this.stats.lines++;
    if (report) report.lines++;
    noteMalformed(this.stats, file, line, reason);
    if (this.options.strict) {
      await this.flush();
      throw new StrictImportError(file, line, reason, this.stats);
    }
  }

  /** Writes the queued events in one transaction, with a cursor when given. */
  async flush(extra?: { bucketCursor?: { bucketId: number; ts: number }; fileDone?: CursorPosition }): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const stats = this.stats;
    const events: { bucketId: number; event: AgentEvent }[] = [];
    // A batch names a few buckets: their ids are asked for once each, not once per event.
    const ids = new Map<string, number>();
    for (const { bucket, event } of batch) {
      let bucketId = ids.get(bucket.name);
      if (bucketId === undefined) ids.set(bucket.name, (bucketId = await this.writer.bucketId(bucket)));
      events.push({ bucketId, event });
    }
    let outcome: { inserted: number; updated: number };
    try {
      outcome = await this.writer.write(events, extra, this.now());
    } catch (error) {
      if (error instanceof StorageFullError) throw error.withProgress(fullDiskProgress(this.options.agent.name, 'events'));
      throw error;
    }
    stats.imported += outcome.inserted;
    stats.updated += outcome.updated;
    this.options.onBatch?.(stats);
  }
}

export async function importAgent(options: AgentImportOptions): Promise<ImportStats> {
  const started = performance.now();
  const now = options.now ?? Date.now;
  const { activity } = options;
  // Salts are the sites', but every import deletes the expired ones.
  const expiredSalts = await activity.deleteSaltsBefore(oldestKeptSaltDay(now()));
  const run = new AgentImport(options, now, await activity.sourceId('agent', options.agent.name, now()));
  const source = options.agent.source;
  if (!options.inputs && source.type === 'activitywatch') await importRest(run, source.url, source.since);
  // Pushed events arrive through the server (push-ingest.ts): a run only measures the lag and applies retention.
  else if (options.inputs || source.type !== 'push') await importFiles(run, options.inputs ?? (source as { path: string[] }).path);
  // The lag is measured from the newest event ever imported (REST cursors, files read to their end).
  const storedNewest = await activity.newestImported(run.agentId);
  if (storedNewest !== null && (run.stats.newestTs === null || storedNewest > run.stats.newestTs)) run.stats.newestTs = storedNewest;
  const at = now();
  run.stats.retained = await activity.applyAgentRetention(run.agentId, options.agent.privacy.retention.events, at);
  run.stats.retained.salts = expiredSalts;
  await activity.deleteStaleCursors(run.agentId, at, options.agent.privacy.retention.events);
  run.stats.durationMs = performance.now() - started;
  return run.stats;
}

async function importRest(run: AgentImport, base: string, since: number | undefined): Promise<void> {
  const to = run.now();
  const buckets = await listBuckets(base);
  for (const [id, meta] of Object.entries(buckets)) {
    if (!isBucketType(meta.type)) {
      countSkip(run.stats, 'unsupported-bucket');
      continue;
    }
    const bucket: AgentBucket = { name: id, type: meta.type, device: deviceOf(id, meta.hostname), client: meta.client ?? null };
    const bucketId = await run.writer.bucketId(bucket);
    const report: FileReport = { path: `${base} ${id}`, action: 'read', why: 'REST', lines: 0 };
    run.stats.files.push(report);
    // The newest stored event is fetched again: its duration may have grown since.
    const from = (await run.writer.cursorOf(bucketId)) ?? to - (since ?? run.options.agent.privacy.retention.events);
    for await (const window of eventWindows(base, id, from, to)) {
      let newest: number | undefined;
      for (const [index, raw] of window.events.entries()) {
        const event = normalizeAwEvent(bucket.type, raw, run.rules);
        if (event === 'malformed') await run.malformed(id, index + 1, 'not an ActivityWatch event', report);
        else if (typeof event === 'string') run.skip(event, report);
        else {
          if (run.add(bucket, event, report)) await run.flush();
          newest = event.start;
        }
      }
      await run.flush(newest === undefined ? undefined : { bucketCursor: { bucketId, ts: newest } });
      if (run.options.shouldStop?.()) {
        run.stats.complete = false;
        return;
      }
    }
  }
}

async function importFiles(run: AgentImport, patterns: string[]): Promise<void> {
  const { activity, agent } = run.options;
  const cursors = await activity.loadCursors(run.agentId);
  for (const input of await resolveInputs(patterns, run.options.configDir)) {
    if (run.options.shouldStop?.()) {
      run.stats.complete = false;
      return;
    }
    let file: LogFile | undefined;
    let head: Buffer;
    let stream: AsyncIterable<Buffer>;
    if (input.kind === 'stdin') {
      ({ head, stream } = await openStdin(run.options.stdin ?? process.stdin));
    } else {
      file = input.file;
      const unchanged = planFromStat(file, cursors);
      if (unchanged?.action === 'skip') {
        await activity.touchCursor(unchanged.cursor.id, run.now());
        run.stats.files.push({ path: file.path, action: 'skip', why: unchanged.why, lines: 0 });
        continue;
      }
      head = await readHead(file);
      stream = file.gzip ? (createReadStream(file.path).pipe(createGunzip()) as AsyncIterable<Buffer>) : (createReadStream(file.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>);
    }
    const label = file?.path ?? '-';
    const report: FileReport = { path: label, action: 'read', why: 'whole file', lines: 0 };
    run.stats.files.push(report);
    const source = agent.source;
    const format = run.options.inputs ? eventFileFormat(label, head) : source.type === 'activitywatch-export' ? 'export' : source.type === 'events' && source.format ? source.format : eventFileFormat(label, head);
    try {
      if (format === 'export') await readExport(run, label, stream, report);
      else if (format === 'csv') await readCsv(run, label, stream, report);
      else await readNdjson(run, label, stream, report);
    } catch (error) {
      // A file that is not JSON or CSV at all: reported like a malformed line, the other files go on.
      const problem = fileProblem(error);
      if (!problem) throw error;
      await run.malformed(label, problem.line, problem.reason, report);
    }
    // Read to the end: later runs skip the file while its size and time stay the same.
    const fileDone: CursorPosition | undefined =
      file && head.length > 0
        ? { fingerprint: fingerprintOf(head, head.length)!, fpLen: head.length, path: label, dev: file.dev, ino: file.ino, size: file.size, mtimeMs: file.mtimeMs, gzip: file.gzip, offset: file.size, line: report.lines, lastTs: run.stats.newestTs, done: true }
        : undefined;
    await run.flush(fileDone && { fileDone });
  }
}

async function readExport(run: AgentImport, label: string, stream: AsyncIterable<Buffer>, report: FileReport): Promise<void> {
  const counts = new Map<string, number>();
  const resolved = new Map<string, AgentBucket | null>();
  for await (const group of readAwExport(stream)) {
    for (const { bucket: name, meta, events } of group) {
      let bucket = resolved.get(name);
      if (bucket === undefined) {
        const type = isBucketType(meta.type) ? meta.type : meta.type === undefined ? bucketTypeFromName(name) : undefined;
        bucket = type ? { name, type, device: deviceOf(name, meta.hostname), client: typeof meta.client === 'string' ? meta.client : null } : null;
        resolved.set(name, bucket);
      }
      let index = counts.get(name) ?? 0;
      for (const raw of events) {
        index++;
        // Buckets of other kinds (keyboard input counts, editor activity…) are not read.
        if (!bucket) {
          run.skip('unsupported-bucket', report);
          continue;
        }
        const event = normalizeAwEvent(bucket.type, raw, run.rules);
        if (event === 'malformed') await run.malformed(`${label} (bucket ${name})`, index, 'not an ActivityWatch event', report);
        else if (typeof event === 'string') run.skip(event, report);
        else if (run.add(bucket, event, report)) await run.flush();
      }
      counts.set(name, index);
    }
    if (run.options.shouldStop?.()) {
      run.stats.complete = false;
      return;
    }
  }
}

async function readNdjson(run: AgentImport, label: string, stream: AsyncIterable<Buffer>, report: FileReport): Promise<void> {
  for await (const block of lineBlocks(stream, { startOffset: 0, startLine: 0, final: true })) {
    for (let i = 0; i < block.lines.length; i++) {
      const text = block.lines[i]!.trim();
      if (text === '' && !block.overlong.includes(i)) continue;
      let fields: unknown;
      try {
        fields = block.overlong.includes(i) ? undefined : JSON.parse(text);
      } catch {
        fields = undefined;
      }
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
        await run.malformed(label, block.firstLine + i, block.overlong.includes(i) ? 'line longer than 64 KiB' : 'not a JSON object', report);
        continue;
      }
      const pending = addGeneric(run, fields as Record<string, unknown>, label, block.firstLine + i, report);
      if (pending) await pending;
    }
    if (run.options.shouldStop?.()) {
      run.stats.complete = false;
      return;
    }
  }
}

async function readCsv(run: AgentImport, label: string, stream: AsyncIterable<Buffer>, report: FileReport): Promise<void> {
  const { parse } = await import('csv-parse');
  const parser = Readable.from(stream).pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const pending = addGeneric(run, record, label, info.lines, report);
    if (pending) await pending;
  }
}

function fileProblem(error: unknown): { line: number; reason: string } | undefined {
  if (error instanceof JsonScanError) return { line: 0, reason: `not a valid ActivityWatch export: ${error.message}` };
  const csv = error as { code?: string; lines?: number; message?: string };
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) return { line: csv.lines ?? 0, reason: `not valid CSV: ${csv.message?.split('\n')[0] ?? csv.code}` };
  return undefined;
}

/** Work to await only when a batch is full or a line stops a strict import: most events cost no await. */
function addGeneric(run: AgentImport, fields: Record<string, unknown>, label: string, line: number, report: FileReport): Promise<void> | undefined {
  const outcome = genericEvent(fields, run.rules);
  if ('bucket' in outcome) return run.add(outcome.bucket, outcome.event, report) ? run.flush() : undefined;
  if (outcome.skip === 'malformed') return run.malformed(label, line, (outcome as { reason: string }).reason, report);
  run.skip(outcome.skip, report);
  return undefined;
}
