import { describe, expect, it } from 'vitest';
import { planFromContent, planFromStat, type ImportCursor } from '../../src/activity/input/import-cursor.js';
import { lineBlocks, type LineBlock } from '../../src/activity/input/line-blocks.js';

async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function collect(source: AsyncIterable<Buffer>, options: Parameters<typeof lineBlocks>[1]): Promise<LineBlock[]> {
  const blocks: LineBlock[] = [];
  for await (const block of lineBlocks(source, options)) blocks.push(block);
  return blocks;
}

describe('lineBlocks', () => {
  const text = 'alpha\nbeta\r\ngamma\n\nδέλτα\nepsilon';
  it('splits whole lines at any chunk size, with the offset after the last newline', async () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const blocks = await collect(chunks(text, size), { startOffset: 0, startLine: 0, final: false, blockBytes: 1 });
      const lines = blocks.flatMap((b) => b.lines);
      expect(lines, `chunk size ${size}`).toEqual(['alpha', 'beta\r', 'gamma', '', 'δέλτα']);
      // The trailing "epsilon" has no newline yet: a live log is still writing it.
      expect(blocks.at(-1)!.endOffset).toBe(Buffer.byteLength('alpha\nbeta\r\ngamma\n\nδέλτα\n'));
      expect(blocks[0]!.firstLine).toBe(1);
    }
  });
  it('keeps a last line without newline when the stream is complete', async () => {
    const blocks = await collect(chunks(text, 5), { startOffset: 0, startLine: 0, final: true });
    expect(blocks.flatMap((b) => b.lines).at(-1)).toBe('epsilon');
    expect(blocks.at(-1)!.endOffset).toBe(Buffer.byteLength(text));
  });
  it('numbers lines and offsets from where a resumed file starts, and can skip what a seekless stream repeats', async () => {
    const blocks = await collect(chunks(text, 4), { startOffset: 6, startLine: 1, skipBytes: 6, final: true });
    expect(blocks[0]!.lines[0]).toBe('beta\r');
    expect(blocks[0]!.firstLine).toBe(2);
    expect(blocks.at(-1)!.endOffset).toBe(Buffer.byteLength(text));
  });
  it('cuts lines longer than the limit without buffering them, and keeps counting', async () => {
    const long = 'x'.repeat(100);
    const input = `a\n${long}\nb\n${long}`;
    for (const size of [3, 16, 500]) {
      const blocks = await collect(chunks(input, size), { startOffset: 0, startLine: 0, final: true, maxLineBytes: 10 });
      const lines = blocks.flatMap((b) => b.lines);
      expect(lines, `chunk size ${size}`).toEqual(['a', '', 'b', '']);
      const overlong = blocks.flatMap((b) => b.overlong.map((i) => b.firstLine + i));
      expect(overlong).toEqual([2, 4]);
      expect(blocks.at(-1)!.endOffset).toBe(input.length);
    }
  });
  it('leaves an unfinished overlong line of a live log for later', async () => {
    const blocks = await collect(chunks(`a\n${'y'.repeat(50)}`, 8), { startOffset: 0, startLine: 0, final: false, maxLineBytes: 10 });
    expect(blocks.flatMap((b) => b.lines)).toEqual(['a']);
    expect(blocks.at(-1)!.endOffset).toBe(2);
  });
  it('emits blocks of about blockBytes', async () => {
    const input = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const blocks = await collect(chunks(input, 16), { startOffset: 0, startLine: 0, final: false, blockBytes: 100 });
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.flatMap((b) => b.lines)).toHaveLength(100);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.firstLine).toBe(blocks[i - 1]!.firstLine + blocks[i - 1]!.lines.length);
  });
});

const cursor = (over: Partial<ImportCursor>): ImportCursor => ({
  id: 1,
  fingerprint: 'aaa',
  fpLen: 1024,
  path: '/var/log/access.log',
  dev: 1,
  ino: 100,
  size: 5000,
  mtimeMs: 1000,
  gzip: false,
  offset: 5000,
  line: 50,
  lastTs: null,
  done: false,
  ...over,
});
const file = (over: Partial<{ dev: number; ino: number; size: number; mtimeMs: number; gzip: boolean }>) => ({ dev: 1, ino: 100, size: 5000, mtimeMs: 1000, gzip: false, ...over });

describe('where an import starts', () => {
  it('skips an unchanged file by stat alone, and a complete gzip file', () => {
    expect(planFromStat(file({}), [cursor({})])).toMatchObject({ action: 'skip', why: 'unchanged' });
    expect(planFromStat(file({ size: 6000, mtimeMs: 2000 }), [cursor({})])).toBeUndefined();
    expect(planFromStat(file({ ino: 7, gzip: true, size: 900 }), [cursor({ ino: 7, gzip: true, done: true, size: 900 })])).toMatchObject({ action: 'skip', why: 'complete' });
  });
  it('resumes a file that grew', () => {
    const plan = planFromContent(file({ size: 6000 }), new Map([[1024, 'aaa']]), [cursor({})]);
    expect(plan).toMatchObject({ action: 'resume', why: 'same file' });
  });
  it('starts over when the same inode holds other content (copytruncate) or got shorter (truncated)', () => {
    expect(planFromContent(file({ size: 200 }), new Map(), [cursor({})])).toMatchObject({ action: 'start', why: 'replaced' });
    expect(planFromContent(file({ size: 3000 }), new Map([[1024, 'aaa']]), [cursor({})])).toMatchObject({ action: 'start', why: 'truncated' });
  });
  it('follows content to a renamed or compressed file, and skips an older copy', () => {
    expect(planFromContent(file({ ino: 200, size: 6000 }), new Map([[1024, 'aaa']]), [cursor({})])).toMatchObject({ action: 'resume', why: 'renamed' });
    expect(planFromContent(file({ ino: 300, gzip: true, size: 800 }), new Map([[1024, 'aaa']]), [cursor({})])).toMatchObject({ action: 'resume', why: 'compressed or copied' });
    expect(planFromContent(file({ ino: 200, size: 4000 }), new Map([[1024, 'aaa']]), [cursor({})])).toMatchObject({ action: 'skip', why: 'older copy' });
  });
  it('recognises stdin by content only, and a new file as new', () => {
    expect(planFromContent(undefined, new Map([[1024, 'aaa']]), [cursor({})])).toMatchObject({ action: 'resume' });
    expect(planFromContent(undefined, new Map([[1024, 'bbb']]), [cursor({})])).toMatchObject({ action: 'start', why: 'new' });
    expect(planFromContent(file({ ino: 9 }), new Map(), [])).toMatchObject({ action: 'start', why: 'new' });
  });
});
