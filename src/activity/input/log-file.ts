/**
 * The files an import reads: globs expanded (tinyglobby, loaded only when an import runs), each file
 * stat'ed and told apart as plain or gzip by its magic bytes, oldest first so rotated files come
 * before the live one. Also the "head" of a file (its first KiB, decompressed) that identifies it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';

/** Bytes hashed to recognise a file whatever its name: enough to cover its first few lines. */
export const FINGERPRINT_BYTES = 1024;

export interface LogFile {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  gzip: boolean;
}

export function hasGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export async function describeFile(path: string, stats?: Stats): Promise<LogFile> {
  const info = stats ?? (await stat(path));
  return { path, dev: info.dev, ino: info.ino, size: info.size, mtimeMs: Math.floor(info.mtimeMs), gzip: info.size >= 2 && (await isGzip(path)) };
}

/** Oldest first; for equal times, `access.log.2` before `access.log.1` before `access.log`. */
export function byAge(a: LogFile, b: LogFile): number {
  return a.mtimeMs - b.mtimeMs || b.path.localeCompare(a.path, undefined, { numeric: true });
}

/** Every regular file a pattern names: the path itself, or the matches of a glob. */
export async function expandPattern(pattern: string, cwd: string): Promise<string[]> {
  const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  if (!hasGlob(pattern)) return [absolute];
  const { glob } = await import('tinyglobby');
  return (await glob(absolute, { absolute: true, onlyFiles: true, expandDirectories: false, dot: true })).sort();
}

/** Files logrotate may have made of `path`: `path.1`, `path.2.gz`, `path-20240101`, … */
export async function rotatedSiblings(path: string): Promise<string[]> {
  const { glob, escapePath } = await import('tinyglobby');
  const dir = dirname(path);
  const name = escapePath(basename(path));
  return glob([`${name}.*`, `${name}-*`], { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false, dot: true });
}

/** The first `bytes` bytes of the content (decompressed for gzip); fewer when the file is shorter. */
export async function readHead(file: LogFile, bytes = FINGERPRINT_BYTES): Promise<Buffer> {
  if (!file.gzip) {
    const handle = await open(file.path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(bytes, file.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(file.path).pipe(createGunzip());
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) break;
    }
  } catch {
    // A damaged archive: whatever was decompressed identifies it; reading it later reports the error.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** SHA-256 of the first `length` bytes of a head, hex; undefined when the head is shorter. */
export function fingerprintOf(head: Buffer, length: number): string | undefined {
  if (head.length < length || length <= 0) return undefined;
  return createHash('sha256').update(head.subarray(0, length)).digest('hex');
}
