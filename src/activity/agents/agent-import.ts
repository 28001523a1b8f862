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
import { applyAgentRetention } from '../../privacy/activity-retention.js';
import { SaltStore } from '../../privacy/salt-store.js';
import { sourceId } from '../activity-db.js';
import { countSkip, emptyStats, noteMalformed, StrictImportError, type FileReport, type ImportRunOptions, type ImportStats } from '../import-stats.js';
import { deleteStaleCursors, loadCursors, touchCursor } from '../input/cursor-store.js';
import { planFromStat } from '../input/import-cursor.js';
import { openStdin, resolveInputs } from '../input/import-inputs.js';
import { lineBlocks } from '../input/line-blocks.js';
import { fingerprintOf, readHead, type LogFile } from '../input/log-file.js';
import { bucketTypeFromName, deviceOf, isBucketType, normalizeAwEvent, type AgentBucket, type AgentEvent, type EventRules } from './agent-event.js';
import { AgentWriter } from './agent-writer.js';
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
  readonly writer: AgentWriter;
  readonly rules: EventRules;
  readonly agentId: number;
  private pending: Pending[] = [];
  /** Events older than this are past retention: not written (retention would delete them). */
  readonly oldest: number;

  constructor(
    readonly options: AgentImportOptions,
    readonly now: () => number,
  ) {
    const { db, agent } = options;
    this.stats = emptyStats('agent', agent.name);
    this.agentId = sourceId(db, 'agent', agent.name, now());
    this.writer = new AgentWriter(db, this.agentId);
    this.rules = { redact: compileRedactionRules(agent.privacy.redact), keepQuery: agent.privacy.keepQuery };
    this.oldest = now() - agent.privacy.retention.events;
  }

  /** Queues a kept event; writes a batch when enough are queued. */
  add(bucket: AgentBucket, event: AgentEvent, report: FileReport | undefined): void {
    this.stats.lines++;
    if (report) report.lines++;
    if (this.stats.newestTs === null || event.end > this.stats.newestTs) this.stats.newestTs = event.end;
    if (event.end < this.oldest) {
      countSkip(this.stats, 'older-than-retention');
      return;
    }
    this.pending.push({ bucket, event });
    if (this.pending.length >= BATCH) this.flush();
  }

  skip(reason: string, report: FileReport | undefined): void {
    this.stats.lines++;
    if (report) report.lines++;
    countSkip(this.stats, reason);
  }

  malformed(file: string, line: number, reason: string, report: FileReport | undefined): void {
    this.stats.lines++;
    if (report) report.lines++;
    noteMalformed(this.stats, file, line, reason);
    if (this.options.strict) {
      this.flush();
      throw new StrictImportError(file, line, reason, this.stats);
    }
  }

  flush(extra?: () => void): void {
    const batch = this.pending;
    this.pending = [];
    const stats = this.stats;
    this.options.db
      .transaction(() => {
        for (const { bucket, event } of batch) {
          const outcome = this.writer.write(this.writer.bucketId(bucket), event);
          if (outcome === 'new') stats.imported++;
          else if (outcome === 'updated') stats.updated++;
        }
        extra?.();
      })
      .immediate();
    this.options.onBatch?.(stats);
  }
}

export async function importAgent(options: AgentImportOptions): Promise<ImportStats> {
  const started = performance.now();
  const now = options.now ?? Date.now;
  // Salts are the sites', but every import deletes the expired ones.
  const expiredSalts = new SaltStore(options.db).deleteExpired(now());
  const run = new AgentImport(options, now);
  const source = options.agent.source;
  try {
    if (!options.inputs && source.type === 'activitywatch') await importRest(run, source.url, source.since);
    else await importFiles(run, options.inputs ?? (source as { path: string[] }).path);
  } catch (error) {
    run.writer.reset();
    throw error;
  }
  // The lag is measured from the newest event ever imported (REST cursors, files read to their end).
  const storedNewest = options.db
    .prepare('SELECT MAX(ts) FROM (SELECT MAX(last_ts) AS ts FROM activity_cursors WHERE source_id = @agent UNION ALL SELECT MAX(cursor_ts) FROM agent_buckets WHERE agent_id = @agent)')
    .pluck()
    .get({ agent: run.agentId }) as number | null;
  if (storedNewest !== null && (run.stats.newestTs === null || storedNewest > run.stats.newestTs)) run.stats.newestTs = storedNewest;
  const at = now();
  run.stats.retained = applyAgentRetention(options.db, run.agentId, options.agent.privacy.retention.events, at);
  run.stats.retained.salts = expiredSalts;
  deleteStaleCursors(options.db, run.agentId, at, options.agent.privacy.retention.events);
  run.stats.durationMs = performance.now() - started;
  return run.stats;
}

async function importRest(run: AgentImport, base: string, since: number | undefined): Promise<void> {
  const { db } = run.options;
  const to = run.now();
  const buckets = await listBuckets(base);
  for (const [id, meta] of Object.entries(buckets)) {
    if (!isBucketType(meta.type)) {
      countSkip(run.stats, 'unsupported-bucket');
      continue;
    }
    const bucket: AgentBucket = { name: id, type: meta.type, device: deviceOf(id, meta.hostname), client: meta.client ?? null };
    const bucketId = db.transaction(() => run.writer.bucketId(bucket)).immediate();
    const report: FileReport = { path: `${base} ${id}`, action: 'read', why: 'REST', lines: 0 };
    run.stats.files.push(report);
    // The newest stored event is fetched again: its duration may have grown since.
    const from = run.writer.cursorOf(bucketId) ?? to - (since ?? run.options.agent.privacy.retention.events);
    for await (const window of eventWindows(base, id, from, to)) {
      let newest: number | undefined;
      for (const [index, raw] of window.events.entries()) {
        const event = normalizeAwEvent(bucket.type, raw, run.rules);
        if (event === 'malformed') run.malformed(id, index + 1, 'not an ActivityWatch event', report);
        else if (typeof event === 'string') run.skip(event, report);
        else {
          run.add(bucket, event, report);
          newest = event.start;
        }
      }
      run.flush(() => {
        if (newest !== undefined) run.writer.setCursor(bucketId, newest);
      });
      if (run.options.shouldStop?.()) {
        run.stats.complete = false;
        return;
      }
    }
  }
}

async function importFiles(run: AgentImport, patterns: string[]): Promise<void> {
  const { db, agent } = run.options;
  const cursors = loadCursors(db, run.agentId);
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
        touchCursor(db, unchanged.cursor.id, run.now());
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
      run.malformed(label, problem.line, problem.reason, report);
    }
    run.flush(() => {
      if (!file || head.length === 0) return;
      // Read to the end: later runs skip the file while its size and time stay the same.
      db.prepare(
        `INSERT INTO activity_cursors (source_id, fingerprint, fp_len, path, dev, ino, size, mtime_ms, gzip, offset, line, last_ts, done, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (source_id, fingerprint) DO UPDATE SET fp_len = excluded.fp_len, path = excluded.path, dev = excluded.dev, ino = excluded.ino, size = excluded.size,
           mtime_ms = excluded.mtime_ms, gzip = excluded.gzip, offset = excluded.offset, line = excluded.line, last_ts = excluded.last_ts, done = 1, updated_at = excluded.updated_at`,
      ).run(run.agentId, fingerprintOf(head, head.length), head.length, label, file.dev, file.ino, file.size, file.mtimeMs, file.gzip ? 1 : 0, file.size, report.lines, run.stats.newestTs, run.now());
    });
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
        if (event === 'malformed') run.malformed(`${label} (bucket ${name})`, index, 'not an ActivityWatch event', report);
        else if (typeof event === 'string') run.skip(event, report);
        else run.add(bucket, event, report);
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
        run.malformed(label, block.firstLine + i, block.overlong.includes(i) ? 'line longer than 64 KiB' : 'not a JSON object', report);
        continue;
      }
      addGeneric(run, fields as Record<string, unknown>, label, block.firstLine + i, report);
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
    addGeneric(run, record, label, info.lines, report);
  }
}

function fileProblem(error: unknown): { line: number; reason: string } | undefined {
  if (error instanceof JsonScanError) return { line: 0, reason: `not a valid ActivityWatch export: ${error.message}` };
  const csv = error as { code?: string; lines?: number; message?: string };
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_')) return { line: csv.lines ?? 0, reason: `not valid CSV: ${csv.message?.split('\n')[0] ?? csv.code}` };
  return undefined;
}

function addGeneric(run: AgentImport, fields: Record<string, unknown>, label: string, line: number, report: FileReport): void {
  const outcome = genericEvent(fields, run.rules);
  if ('bucket' in outcome) run.add(outcome.bucket, outcome.event, report);
  else if (outcome.skip === 'malformed') run.malformed(label, line, (outcome as { reason: string }).reason, report);
  else run.skip(outcome.skip, report);
}
