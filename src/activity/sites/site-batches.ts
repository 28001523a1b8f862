/**
 * Reading and deciding: each planned file (or stdin) is read from its cursor in blocks of whole
 * lines, each line parsed and decided, and each block becomes one SiteBatch carrying the cursor
 * position after it. Runs in a worker thread when it can (see site-decide-worker.ts), so parsing
 * and the storage writes use two cores; the writer stores each batch with its cursor.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { CursorPosition } from '../../storage/ports/activity.js';
import { noteMalformed, type ImportStats } from '../import-stats.js';
import { DEFAULT_MAX_LINE_BYTES, lineBlocks, READ_CHUNK_BYTES } from '../input/line-blocks.js';
import type { AccessLogRecord } from './access-log-record.js';
import { accessLogParser } from './access-log-formats.js';
import type { SiteBatch } from './site-batch.js';
import type { SiteRequestDecider } from './site-request-decider.js';

/** One file (or stdin) to read, as the import planned it from the stored cursors. */
export interface SiteTask {
  /** Path, or `-` for stdin. */
  label: string;
  /** Why it is read from where it is (for the report). */
  action: 'start' | 'resume';
  why: string;
  gzip: boolean;
  /** Byte offset to start at (a resumed file) and the lines before it. */
  startOffset: number;
  startLine: number;
  lastTs: number | null;
  /** gzip and stdin cannot seek: the first startOffset bytes are read and discarded; they also end. */
  seekless: boolean;
  /** The cursor fields that do not move while reading. */
  identity: Omit<CursorPosition, 'offset' | 'line' | 'lastTs' | 'done'>;
}

export interface SiteBatchOptions {
  format: string;
  strict: boolean;
  blockBytes?: number;
  /** The stream for a task labelled `-` (stdin), already opened by the caller. */
  stdin?: AsyncIterable<Buffer>;
  /** Read and decided so far; snapshots go out with each batch. */
  stats: ImportStats;
}

function openTask(task: SiteTask, options: SiteBatchOptions): AsyncIterable<Buffer> {
  if (task.label === '-') return options.stdin!;
  if (task.gzip) return createReadStream(task.label, { highWaterMark: READ_CHUNK_BYTES }).pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) as AsyncIterable<Buffer>;
  return createReadStream(task.label, { start: task.startOffset, highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>;
}

const snapshot = (stats: ImportStats): ImportStats => ({ ...stats, malformedSamples: [...stats.malformedSamples], skipped: { ...stats.skipped }, files: stats.files.map((f) => ({ ...f })) });

export async function* siteBatches(tasks: readonly SiteTask[], decider: SiteRequestDecider, options: SiteBatchOptions): AsyncGenerator<SiteBatch> {
  const parser = accessLogParser(options.format);
  const stats = options.stats;
  for (const [index, task] of tasks.entries()) {
    const report = { path: task.label, action: task.action, why: task.why, lines: 0 };
    stats.files.push(report);
    let lastTs = task.lastTs;
    let offset = task.startOffset;
    let line = task.startLine;
    const position = (done: boolean): CursorPosition => ({ ...task.identity, offset, line, lastTs, done });
    const blocks = lineBlocks(openTask(task, options), {
      startOffset: task.startOffset,
      startLine: task.startLine,
      skipBytes: task.seekless ? task.startOffset : 0,
      blockBytes: options.blockBytes,
      final: task.seekless,
    });
    for await (const block of blocks) {
      let strictStop: SiteBatch['strictStop'];
      let consumedBytes = 0;
      let lineCount = block.lines.length;
      let next = 0;
      for (let i = 0; i < block.lines.length; i++) {
        let text = block.lines[i]!;
        if (options.strict) consumedBytes += Buffer.byteLength(text) + 1;
        if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
        let reason: string;
        if (i === block.overlong[next]) {
          next++;
          reason = `line longer than ${DEFAULT_MAX_LINE_BYTES >> 10} KiB`;
        } else if (text === '') continue;
        else {
          const parsed = parser.parse(text);
          if (typeof parsed !== 'string') {
            // Refused only when a key (a new day's salt) must be fetched first: rare, so the await is too.
            while (!decider.add(parsed as AccessLogRecord)) await decider.fetchMissing();
            if (lastTs === null || parsed.ts > lastTs) lastTs = parsed.ts;
            continue;
          }
          reason = parsed;
        }
        noteMalformed(stats, task.label, block.firstLine + i, reason);
        if (options.strict) {
          strictStop = { file: task.label, line: block.firstLine + i, reason };
          consumedBytes -= Buffer.byteLength(block.lines[i]!) + 1;
          lineCount = i;
          break;
        }
      }
      offset = strictStop ? offset + consumedBytes : block.endOffset;
      line = block.firstLine - 1 + lineCount;
      stats.lines += lineCount;
      report.lines += lineCount;
      yield { task: index, ...decider.take(), cursor: position(false), done: false, stats: snapshot(stats), strictStop };
      if (strictStop) return;
    }
    // A gzip file or stdin read to its end is complete: later runs skip it by stat alone.
    if (task.seekless) yield { task: index, ...decider.take(), cursor: position(true), done: true, stats: snapshot(stats) };
  }
  // The totals once everything is read: a batch of no rows for no file.
  yield { task: -1, ...decider.take(), cursor: { ...tasks[0]!.identity, offset: 0, line: 0, lastTs: null, done: false }, done: true, stats: snapshot(stats) };
}
