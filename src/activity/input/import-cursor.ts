/**
 * Where to start reading a file, decided from what was stored about earlier imports. A file is
 * recognised by its inode (a live log renamed by logrotate keeps it) or by the hash of its first
 * KiB (the same content compressed, copied or piped again). Pure: the import shell stats and hashes.
 */
import type { ImportCursor } from '../../storage/ports/activity.js';

export type { ImportCursor };

export interface FileFacts {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  gzip: boolean;
}

export type CursorPlan =
  | { action: 'skip'; cursor: ImportCursor; why: 'unchanged' | 'complete' | 'older copy' }
  | { action: 'resume'; cursor: ImportCursor; why: 'same file' | 'renamed' | 'compressed or copied' }
  | { action: 'start'; why: 'new' | 'truncated' | 'replaced'; supersedes?: ImportCursor };

/** The quick answer from stat alone, or undefined when the content must be looked at. */
export function planFromStat(file: FileFacts, cursors: readonly ImportCursor[]): CursorPlan | undefined {
  for (const cursor of cursors) {
    if (cursor.dev !== file.dev || cursor.ino !== file.ino || cursor.gzip !== file.gzip) continue;
    if (file.gzip && cursor.done && cursor.size === file.size && cursor.mtimeMs === file.mtimeMs) return { action: 'skip', cursor, why: 'complete' };
    if (!file.gzip && cursor.offset === file.size && cursor.mtimeMs === file.mtimeMs) return { action: 'skip', cursor, why: 'unchanged' };
  }
  return undefined;
}

/** Lengths at which the file's head must be hashed to compare it with every cursor. */
export function fingerprintLengths(cursors: readonly ImportCursor[]): number[] {
  return [...new Set(cursors.map((c) => c.fpLen))];
}

/**
 * The full decision. `hashes` maps a length to the hash of the file's first bytes of that length
 * (absent when the file is shorter). `file` is undefined for stdin, which has no identity but content.
 */
export function planFromContent(file: FileFacts | undefined, hashes: ReadonlyMap<number, string>, cursors: readonly ImportCursor[]): CursorPlan {
  const sameContent = (cursor: ImportCursor) => hashes.get(cursor.fpLen) === cursor.fingerprint;
  if (file && !file.gzip) {
    const sameInode = cursors.find((c) => c.dev === file.dev && c.ino === file.ino && !c.gzip);
    if (sameInode) {
      if (!sameContent(sameInode)) return { action: 'start', why: 'replaced', supersedes: sameInode };
      if (file.size < sameInode.offset) return { action: 'start', why: 'truncated', supersedes: sameInode };
      return { action: 'resume', cursor: sameInode, why: 'same file' };
    }
  }
  const match = cursors.filter(sameContent).sort((a, b) => b.offset - a.offset)[0];
  if (!match) return { action: 'start', why: 'new' };
  // A plain file shorter than what was read of the same content is an older copy: nothing new in it.
  if (file && !file.gzip && file.size <= match.offset) return { action: 'skip', cursor: match, why: 'older copy' };
  return { action: 'resume', cursor: match, why: file && !file.gzip ? 'renamed' : 'compressed or copied' };
}
