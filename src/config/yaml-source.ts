/**
 * A config file parsed with its positions kept, so every later error can point at file:line:column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue } from '../core/errors.js';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface Position {
  line: number;
  column: number;
}

export function parseYamlSource(file: string, text: string): { source: YamlSource; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  const source: YamlSource = { file, text, doc, lineCounter };
  const issues: ConfigIssue[] = [];
  for (const error of [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')]) {
    const at = error.linePos?.[0] ?? { line: 1, col: 1 };
    // prettyErrors appends a code frame after the first line; keep only the sentence.
    const sentence = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    issues.push({ file, line: at.line, column: at.col, message: `YAML syntax: ${describeYamlError(error.code, sentence)}` });
  }
  return { source, issues };
}

function describeYamlError(code: string, sentence: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML only allows spaces';
    case 'DUPLICATE_KEY':
      return `${sentence.replace(/\.$/, '')}: the same key appears twice in one mapping`;
    default:
      return sentence;
  }
}

export function positionOf(source: YamlSource, offset: number | undefined): Position {
  if (offset === undefined) return { line: 1, column: 1 };
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

interface Found {
  /** The deepest node reached along the path. */
  node: Node | null;
  /** The key node of the last pair reached, when the path ended on a mapping key. */
  keyNode: Node | null;
  /** How many path segments were matched. */
  depth: number;
}

export function findNode(source: YamlSource, path: readonly PathSegment[]): Found {
  let node = source.doc.contents as Node | null;
  let keyNode: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      keyNode = null;
    } else {
      break;
    }
    depth++;
  }
  return { node, keyNode, depth };
}

/** Where an issue at `path` should point: the value when it exists, else the closest parent. */
export function locate(source: YamlSource, path: readonly PathSegment[], preferKey = false): Position {
  const found = findNode(source, path);
  const target = preferKey && found.depth === path.length && found.keyNode ? found.keyNode : found.node;
  return positionOf(source, target?.range?.[0]);
}

/** Position of an unknown key inside the mapping at `parentPath`. */
export function locateKey(source: YamlSource, parentPath: readonly PathSegment[], key: string): Position {
  return locate(source, [...parentPath, key], true);
}

/** `monitors[2].expect.status` */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || '(top level)';
}
