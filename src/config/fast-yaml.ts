/**
 * The fast way to read a config: js-yaml builds the data directly, without the concrete syntax tree
 * the `yaml` package keeps for positions. On a 100,000-monitor file (11 MB) that is the difference
 * between ~1.1 GB and ~150 MB of memory, and several times the speed (measured; README "Start-up
 * and performance"). Positions are not lost: the start of every mapping and list is recorded as it
 * is read (so each monitor knows its line), and an error inside one monitor is placed by parsing
 * only that monitor's lines with `yaml` (see `sliceLocator`). A whole-file `yaml` parse happens only
 * for errors outside the big lists.
 *
 * Only plain files take this path: anchors and aliases, tags, complex keys and the few scalars the
 * two parsers read differently go through `yaml` (yaml-source.ts), as does any file js-yaml refuses,
 * so what a file means never depends on which parser read it.
 */
import jsyaml from 'js-yaml';
import { isSeq } from 'yaml';
import { locate, parseYamlSource, type PathSegment, type YamlSource } from './yaml-source.js';

export interface FastRead {
  data: unknown;
  /** Where each mapping and list starts (offset of its first character). */
  starts: WeakMap<object, number>;
  /** For texts holding `${`: whether each such value was written plain, quoted, or both ways. */
  referenceStyles: Map<string, 'plain' | 'quoted' | 'both'>;
}

/**
 * Constructs whose reading differs between the parsers, or that need `yaml`'s checks: anchors (and
 * so aliases, merge keys and "billion laughs"), tags, `? ` complex keys, `0b…` and `+.5` numbers.
 * (Several documents make js-yaml throw, which also sends the file to `yaml`.) A match only costs
 * speed, never correctness; each branch is a fixed prefix, so the test is linear.
 */
const NEEDS_EXACT_PARSER = /(?:^|[\s[{,:])(?:[&!]\S|\?\s)|\b0b[01]|[\s:[{,]\+\.\d/m;

/** The data and positions of a plain YAML file, or undefined when it must be read by the exact parser. */
export function readFast(text: string): FastRead | undefined {
  if (NEEDS_EXACT_PARSER.test(text)) return undefined;
  const starts = new WeakMap<object, number>();
  const referenceStyles = new Map<string, 'plain' | 'quoted' | 'both'>();
  // Where each open node began; only the top three levels (the document, its sections, their items) are kept.
  const opened: number[] = [];
  let data: unknown;
  try {
    data = jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          opened.push(state.position);
          return;
        }
        const position = opened.pop()!;
        const result = state.result as unknown;
        if (result !== null && typeof result === 'object') {
          if (opened.length <= 2) starts.set(result, position);
        } else if (typeof result === 'string' && result.includes('${')) {
          // js-yaml marks a plain scalar's tag `?` (to be resolved); a quoted or block one has none.
          const style = (state as typeof state & { tag?: string | null }).tag === '?' ? 'plain' : 'quoted';
          const seen = referenceStyles.get(result);
          referenceStyles.set(result, seen === undefined || seen === style ? style : 'both');
        }
      },
    });
  } catch {
    return undefined;
  }
  return { data, starts, referenceStyles };
}

/** Offsets of line starts, for turning an offset into line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineIndexOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The big lists whose items are placed by their own lines. */
const LISTS = new Set(['monitors', 'sites', 'agents']);

/**
 * Positions for a fast-read file: `monitors[i]` from its recorded start; anything inside one item by
 * parsing that item's lines alone with `yaml`; undefined (the caller parses the whole file) for the
 * rest, and whenever an item does not sit on lines of its own (a one-line flow list).
 */
export function sliceLocator(file: string, text: string, read: FastRead): NonNullable<YamlSource['locateFast']> {
  let lines: number[] | undefined;
  const slices = new Map<object, { source: YamlSource; firstLine: number } | null>();
  /** The first character of the node that starts at or after `offset` (the recorded start may precede blanks). */
  const nodeStart = (offset: number) => {
    let at = offset;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    return at;
  };
  const lineOf = (offset: number) => lineIndexOf((lines ??= lineStarts(text)), offset);
  /** The item's lines: from its first line to the next item's, or to the next line that starts a top-level key. */
  const sliceOf = (list: unknown[], index: number, start: number) => {
    const item = list[index] as object;
    if (slices.has(item)) return slices.get(item)!;
    const all = (lines ??= lineStarts(text));
    const first = lineOf(start);
    const next = list[index + 1] as unknown;
    let end: number;
    if (index + 1 < list.length) {
      const nextStart = next !== null && typeof next === 'object' ? read.starts.get(next) : undefined;
      end = nextStart === undefined ? -1 : lineOf(nodeStart(nextStart));
    } else {
      end = first + 1;
      while (end < all.length && !/^[^\s#-]/.test(text.slice(all[end]!, all[end]! + 1))) end++;
    }
    let found: { source: YamlSource; firstLine: number } | null = null;
    if (end > first) {
      const body = text.slice(all[first]!, end < all.length ? all[end]! : text.length);
      const parsed = parseYamlSource(file, body);
      const contents = parsed.source.doc.contents;
      if (parsed.issues.length === 0 && isSeq(contents) && contents.items.length === 1) found = { source: parsed.source, firstLine: first };
    }
    slices.set(item, found);
    return found;
  };
  return (path, preferKey) => {
    const [section, index, ...rest] = path as PathSegment[];
    if (typeof section !== 'string' || !LISTS.has(section) || typeof index !== 'number') return undefined;
    const list = (read.data as Record<string, unknown> | null)?.[section];
    if (!Array.isArray(list)) return undefined;
    const item = list[index] as unknown;
    const start = item !== null && typeof item === 'object' ? read.starts.get(item) : undefined;
    if (start === undefined) return undefined;
    if (rest.length === 0 && !preferKey) {
      const at = nodeStart(start);
      const line = lineOf(at);
      return { line: line + 1, column: at - lines![line]! + 1 };
    }
    const slice = sliceOf(list, index, nodeStart(start));
    if (!slice) return undefined;
    const position = locate(slice.source, [0, ...rest], preferKey);
    return { line: position.line + slice.firstLine, column: position.column };
  };
}
