/**
 * Splits a byte stream into blocks of whole lines, each with the byte offset just past its last
 * newline: the import commits a block's rows together with that offset, so a block is the unit of
 * crash safety. A plain fs stream and Buffer scanning, not readline (several times faster).
 */

export interface LineBlock {
  lines: string[];
  /** 1-based line number of lines[0] in the whole file. */
  firstLine: number;
  /** Byte offset (in the decompressed content) just after the last line of the block. */
  endOffset: number;
  /** Indexes into `lines` of lines cut because they were longer than maxLineBytes (their text is ''). */
  overlong: number[];
}

export interface LineBlockOptions {
  /** Offset of the first byte the stream yields (a resumed file). */
  startOffset: number;
  /** Lines already consumed before startOffset. */
  startLine: number;
  /** Bytes to discard first (gzip and stdin cannot seek; the cursor's offset). */
  skipBytes?: number;
  /** Emit a block once this many bytes of whole lines are buffered. */
  blockBytes?: number;
  /** Longer lines are reported, not kept (memory stays bounded whatever the input). */
  maxLineBytes?: number;
  /** The stream is complete (gzip, stdin): a last line without a newline counts. A live log's does not. */
  final: boolean;
}

export const DEFAULT_BLOCK_BYTES = 1 << 20;
export const DEFAULT_MAX_LINE_BYTES = 64 << 10;
/** Read size: each chunk is decoded on its own, and strings this small die young (no large-object space). */
export const READ_CHUNK_BYTES = 64 << 10;
const NEWLINE = 10;

/** Decodes `buffer[from, to)` (whole lines, no final newline) and appends its lines. */
function pushLines(into: string[], buffer: Buffer, from: number, to: number): void {
  const text = buffer.toString('utf8', from, to);
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) {
      into.push(text.slice(start));
      return;
    }
    into.push(text.slice(start, newline));
    start = newline + 1;
  }
}

export async function* lineBlocks(source: AsyncIterable<Buffer | string>, options: LineBlockOptions): AsyncGenerator<LineBlock> {
  const blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let skip = options.skipBytes ?? 0;
  let offset = options.startOffset;
  let nextLine = options.startLine + 1;
  let lines: string[] = [];
  let overlong: number[] = [];
  /** Bytes of the whole lines in `lines`, newlines included. */
  let bytes = 0;
  /** The start of a line whose end has not been read yet. */
  let tail: Buffer[] = [];
  let tailBytes = 0;
  /** Bytes of an overlong line dropped so far while looking for its end (-1: not dropping). */
  let dropped = -1;

  const emit = (): LineBlock => {
    const block: LineBlock = { lines, firstLine: nextLine, endOffset: offset + bytes, overlong };
    nextLine += lines.length;
    offset += bytes;
    lines = [];
    overlong = [];
    bytes = 0;
    return block;
  };
  const endOverlong = (extra: number) => {
    overlong.push(lines.length);
    lines.push('');
    bytes += dropped + extra;
    dropped = -1;
  };

  for await (const raw of source) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (skip > 0) {
      if (chunk.length <= skip) {
        skip -= chunk.length;
        continue;
      }
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    let at = 0;
    const first = chunk.indexOf(NEWLINE);
    if (first < 0) {
      if (dropped >= 0) dropped += chunk.length;
      else if (tailBytes + chunk.length > maxLine) {
        // A line longer than the limit is not buffered: it is dropped up to its end and reported.
        dropped = tailBytes + chunk.length;
        tail = [];
        tailBytes = 0;
      } else {
        tail.push(Buffer.from(chunk));
        tailBytes += chunk.length;
      }
      continue;
    }
    if (dropped >= 0) {
      endOverlong(first + 1);
      at = first + 1;
    } else if (tailBytes > 0) {
      tail.push(chunk.subarray(0, first));
      const line = Buffer.concat(tail, tailBytes + first);
      if (line.length > maxLine) {
        overlong.push(lines.length);
        lines.push('');
      } else lines.push(line.toString('utf8'));
      bytes += line.length + 1;
      tail = [];
      tailBytes = 0;
      at = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= at) {
      const from = lines.length;
      pushLines(lines, chunk, at, last);
      markOverlong(lines, from, maxLine, overlong);
      bytes += last + 1 - at;
      at = last + 1;
    }
    if (at < chunk.length) {
      tail = [Buffer.from(chunk.subarray(at))];
      tailBytes = chunk.length - at;
    }
    if (bytes >= blockBytes) yield emit();
  }
  if (skip > 0) return;
  if (options.final) {
    if (dropped >= 0) endOverlong(0);
    else if (tailBytes > 0) {
      const last = Buffer.concat(tail, tailBytes);
      if (last.length > maxLine) {
        overlong.push(lines.length);
        lines.push('');
      } else lines.push(last.toString('utf8'));
      bytes += last.length;
    }
  }
  if (lines.length) yield emit();
}

function markOverlong(lines: string[], from: number, maxLine: number, into: number[]): void {
  // A string's length is a lower bound of its UTF-8 byte length: only long strings need the exact count.
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.length > maxLine / 4 && Buffer.byteLength(text) > maxLine) {
      lines[i] = '';
      into.push(i);
    }
  }
}
