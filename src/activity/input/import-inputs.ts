/**
 * Which inputs one import reads, in order: the configured paths (or the file given on the command
 * line, or `-`), globs expanded, and — when a followed file was rotated since the last run — its
 * rotated sibling (`access.log.1`, `access.log.1.gz`…), so the lines written before the rotation are
 * finished first. Files are read oldest first.
 */
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../core/errors.js';
import { byAge, describeFile, expandPattern, FINGERPRINT_BYTES, fingerprintOf, hasGlob, readHead, rotatedSiblings, type LogFile } from './log-file.js';
import type { ImportCursor } from '../../storage/ports/activity.js';

/** The source cannot be read at all (no file, unreadable, server unreachable): the check is down. */
export class ActivitySourceError extends UserError {
  override name = 'ActivitySourceError';
}

export type ImportInput = { kind: 'file'; file: LogFile } | { kind: 'stdin' };

export async function resolveInputs(patterns: readonly string[], cwd: string, cursors: readonly ImportCursor[] = []): Promise<ImportInput[]> {
  const files = new Map<string, LogFile>();
  let stdin = false;
  const add = (file: LogFile) => files.set(`${file.dev}:${file.ino}`, file);
  for (const pattern of patterns) {
    if (pattern === '-') {
      stdin = true;
      continue;
    }
    const paths = await expandPattern(pattern, cwd);
    let found = 0;
    for (const path of paths) {
      try {
        const info = await stat(path);
        if (!info.isFile()) continue;
        add(await describeFile(path, info));
        found++;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') throw new ActivitySourceError(`cannot read ${path}: ${code ?? (error as Error).message}`);
      }
    }
    if (!hasGlob(pattern)) found += await addRotated(paths[0]!, cursors, files, add);
    if (found === 0) throw new ActivitySourceError(hasGlob(pattern) ? `no file matches ${pattern}` : `no file at ${paths[0]}`);
  }
  const inputs: ImportInput[] = [...files.values()].sort(byAge).map((file) => ({ kind: 'file', file }));
  if (stdin) inputs.push({ kind: 'stdin' });
  return inputs;
}

/** A followed file whose inode changed (or vanished) was rotated: find where its old inode went. */
async function addRotated(path: string, cursors: readonly ImportCursor[], files: Map<string, LogFile>, add: (file: LogFile) => void): Promise<number> {
  const current = [...files.values()].find((f) => f.path === path);
  const followed = cursors.filter((c) => c.path === path && !c.gzip && (!current || c.ino !== current.ino));
  if (followed.length === 0) return 0;
  let added = 0;
  for (const sibling of await rotatedSiblings(path)) {
    try {
      const file = await describeFile(sibling);
      // Only the followed file's own continuation: same inode, or (compressed) same first KiB.
      const head = file.gzip ? await readHead(file) : undefined;
      const same = (c: ImportCursor) => (head ? fingerprintOf(head, c.fpLen) === c.fingerprint : c.ino === file.ino && c.dev === file.dev);
      if (followed.some(same)) {
        add(file);
        added++;
      }
    } catch {
      // Rotated away again while we looked: nothing to finish.
    }
  }
  return added;
}

/** The first `bytes` bytes of a stream, and the whole stream (those bytes included) to read on. */
export async function peekStream(source: AsyncIterable<Buffer>, bytes: number): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let total = 0;
  let done = false;
  while (total < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    seen.push(chunk);
    total += chunk.length;
  }
  const head = Buffer.concat(seen).subarray(0, bytes);
  async function* stream(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: stream() };
}

/** Standard input, decompressed when it is gzip, with its first KiB for the fingerprint. */
export async function openStdin(input: NodeJS.ReadableStream): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const raw = await peekStream(input as AsyncIterable<Buffer>, 2);
  if (raw.head.length === 2 && raw.head[0] === 0x1f && raw.head[1] === 0x8b) {
    return peekStream(Readable.from(raw.stream).pipe(createGunzip()), FINGERPRINT_BYTES);
  }
  return peekStream(raw.stream, FINGERPRINT_BYTES);
}
