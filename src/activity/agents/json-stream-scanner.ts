/**
 * A streaming scanner for large JSON documents whose interesting parts are many small values deep
 * inside (an ActivityWatch export: `{"buckets": {"<id>": {…, "events": [ {…}, {…}, … ]}}}`). The
 * caller says, for each path, whether to descend into it, capture it (its bytes are handed to
 * JSON.parse, one small value at a time) or skip it. Memory stays bounded by the largest captured
 * value, whatever the document's size. Byte-level: UTF-8 never puts a structural byte inside a
 * multi-byte character, so the structure can be read without decoding.
 */

export type PathSegment = string | number;
export type ScanMode = 'descend' | 'capture' | 'skip';

export interface ScanHandlers {
  mode(path: readonly PathSegment[]): ScanMode;
  /** A captured value, parsed. */
  value(path: readonly PathSegment[], value: unknown): void;
}

export class JsonScanError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

interface Frame {
  kind: 'object' | 'array';
  /** Current key (objects) or index (arrays). */
  key: PathSegment;
  /** Arrays: no element yet (so `]` may close it). */
  first: boolean;
}

type State =
  | 'value' // a value is expected at the current path
  | 'key' // inside an object: a key string or `}`
  | 'colon'
  | 'after' // after a value: `,` or the closing bracket
  | 'capture' // inside a captured or skipped value
  | 'end';

export class JsonStreamScanner {
  private readonly stack: Frame[] = [];
  private state: State = 'value';
  /** Bytes of the value being captured (or of a key being read), across chunks. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** In capture: skip instead of keeping the bytes. */
  private skipping = false;
  private depth = 0;
  private inString = false;
  /** A string (key or captured string value) whose closing quote has not been seen. */
  private readingKey = false;
  /** A captured scalar (number, true, false, null): ends at the next delimiter. */
  private scalar = false;
  /** Backslashes ending the previous chunk inside a string (an escape may span chunks). */
  private slashesAtChunkEnd = 0;

  constructor(
    private readonly handlers: ScanHandlers,
    private readonly maxValueBytes = 8 << 20,
  ) {}

  private path(): PathSegment[] {
    return this.stack.map((f) => f.key);
  }

  write(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 'capture':
          i = this.continueCapture(chunk, i);
          break;
        case 'value': {
          const b = chunk[i]!;
          if (isSpace(b)) {
            i++;
            break;
          }
          const top = this.stack.at(-1);
          if (top?.kind === 'array') {
            // `]` right after `[`: an empty array, whichever chunk it arrives in.
            if (b === CLOSE_ARRAY && top.first) {
              i++;
              this.closeContainer();
              break;
            }
            top.first = false;
          }
          const mode = this.stack.length === 0 ? this.handlers.mode([]) : this.handlers.mode(this.path());
          if (mode === 'descend' && (b === OPEN_OBJECT || b === OPEN_ARRAY)) {
            this.stack.push({ kind: b === OPEN_OBJECT ? 'object' : 'array', key: b === OPEN_OBJECT ? '' : 0, first: true });
            this.state = b === OPEN_OBJECT ? 'key' : 'value';
            i++;
            break;
          }
          this.beginCapture(mode !== 'capture', b);
          break;
        }
        case 'key': {
          if (this.readingKey) {
            i = this.continueKey(chunk, i);
            break;
          }
          const b = chunk[i]!;
          if (isSpace(b)) i++;
          else if (b === CLOSE_OBJECT) {
            i++;
            this.closeContainer();
          } else if (b === QUOTE) {
            this.readingKey = true;
            this.parts = [];
            this.partBytes = 0;
            this.inString = true;
            this.slashesAtChunkEnd = 0;
            i = this.continueKey(chunk, i + 1);
          } else throw new JsonScanError(`expected a key at byte ${i} of a chunk`);
          break;
        }
        case 'colon': {
          const b = chunk[i]!;
          if (isSpace(b)) i++;
          else if (b === COLON) {
            i++;
            this.state = 'value';
          } else throw new JsonScanError('expected `:` after a key');
          break;
        }
        case 'after': {
          const b = chunk[i]!;
          i++;
          if (isSpace(b)) break;
          const top = this.stack.at(-1);
          if (!top) throw new JsonScanError('content after the end of the document');
          if (b === COMMA) {
            if (top.kind === 'object') this.state = 'key';
            else {
              top.key = (top.key as number) + 1;
              this.state = 'value';
            }
          } else if ((b === CLOSE_OBJECT && top.kind === 'object') || (b === CLOSE_ARRAY && top.kind === 'array')) this.closeContainer();
          else throw new JsonScanError(`unexpected \`${String.fromCharCode(b)}\``);
          break;
        }
        case 'end':
          if (!isSpace(chunk[i]!)) throw new JsonScanError('content after the end of the document');
          i++;
          break;
      }
    }
  }

  /** Call at the end of the input: throws when the document is incomplete. */
  end(): void {
    if (this.state === 'capture' && this.scalar && this.depth === 0) this.finishCapture();
    if (this.state !== 'end') throw new JsonScanError('the document ends in the middle (truncated file?)');
  }

  private closeContainer(): void {
    this.stack.pop();
    this.state = this.stack.length === 0 ? 'end' : 'after';
  }

  private continueKey(chunk: Buffer, from: number): number {
    const end = this.findStringEnd(chunk, from);
    if (end < 0) {
      this.keep(chunk.subarray(from));
      return chunk.length;
    }
    this.keep(chunk.subarray(from, end));
    const raw = Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.readingKey = false;
    this.inString = false;
    const top = this.stack.at(-1)!;
    top.key = raw.includes(BACKSLASH) ? (JSON.parse(`"${raw.toString('utf8')}"`) as string) : raw.toString('utf8');
    this.state = 'colon';
    return end + 1;
  }

  /**
   * Index of the closing quote of a string that continues at `from`, or -1 when it goes on in the next
   * chunk. A quote is escaped when an odd number of backslashes precede it, possibly across chunks.
   */
  private findStringEnd(chunk: Buffer, from: number): number {
    let bound = from;
    let carried = this.slashesAtChunkEnd;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, bound);
      if (quote < 0) {
        let run = 0;
        for (let j = chunk.length - 1; j >= bound && chunk[j] === BACKSLASH; j--) run++;
        this.slashesAtChunkEnd = run === chunk.length - bound ? carried + run : run;
        return -1;
      }
      let run = 0;
      let j = quote - 1;
      for (; j >= bound && chunk[j] === BACKSLASH; j--) run++;
      if (j < bound) run += carried;
      if (run % 2 === 0) {
        this.slashesAtChunkEnd = 0;
        return quote;
      }
      bound = quote + 1;
      carried = 0;
    }
  }

  private keep(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    this.partBytes += part.length;
    if (this.partBytes > this.maxValueBytes) throw new JsonScanError(`a value is larger than ${this.maxValueBytes >> 20} MiB`);
    // Copy: the chunk is reused by the stream once this returns.
    this.parts.push(Buffer.from(part));
  }

  private beginCapture(skip: boolean, first: number): void {
    this.state = 'capture';
    this.skipping = skip;
    this.parts = [];
    this.partBytes = 0;
    this.depth = 0;
    this.inString = false;
    this.slashesAtChunkEnd = 0;
    this.scalar = !(first === OPEN_OBJECT || first === OPEN_ARRAY || first === QUOTE);
  }

  /** Scans a captured (or skipped) value from `from`; returns where scanning stopped. */
  private continueCapture(chunk: Buffer, from: number): number {
    let i = from;
    const n = chunk.length;
    if (this.scalar) {
      while (i < n) {
        const b = chunk[i]!;
        if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) {
          this.keep(chunk.subarray(from, i));
          this.finishCapture();
          return i;
        }
        i++;
      }
      this.keep(chunk.subarray(from));
      return n;
    }
    while (i < n) {
      if (this.inString) {
        const end = this.findStringEnd(chunk, i);
        if (end < 0) {
          this.keep(chunk.subarray(from));
          return n;
        }
        this.inString = false;
        i = end + 1;
        if (this.depth === 0) {
          this.keep(chunk.subarray(from, i));
          this.finishCapture();
          return i;
        }
        continue;
      }
      const b = chunk[i]!;
      i++;
      if (b === QUOTE) {
        this.inString = true;
        this.slashesAtChunkEnd = 0;
      }
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth === 0) {
          this.keep(chunk.subarray(from, i));
          this.finishCapture();
          return i;
        }
      }
    }
    this.keep(chunk.subarray(from));
    return n;
  }

  private finishCapture(): void {
    if (!this.skipping) {
      const raw = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partBytes);
      let value: unknown;
      try {
        value = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        throw new JsonScanError(`invalid JSON value: ${(error as Error).message}`);
      }
      this.handlers.value(this.stack.length ? this.path() : [], value);
    }
    this.parts = [];
    this.partBytes = 0;
    this.skipping = false;
    this.state = this.stack.length === 0 ? 'end' : 'after';
  }
}
