/**
 * A config file parsed with its positions kept, so every later error can point at file:line:column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { ConfigIssue } from '../core/errors.js';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /**
   * A cheaper way to place a path, tried first (a file read by fast-yaml.ts places a monitor without
   * parsing the whole file); undefined means "ask the parsed document".
   */
  locateFast?: (path: readonly PathSegment[], preferKey: boolean) => Position | undefined;
}

/**
 * The source a loaded config keeps for later messages: only the text, re-parsed on first use.
 * A parsed YAML tree of a 10,000-monitor file is tens of MB that V8 would otherwise count as live
 * through the whole run (and size its heap growth by); positions only need the text.
 */
export function retainedSource(file: string, text: string, locateFast?: YamlSource['locateFast']): YamlSource {
  let parsed: YamlSource | undefined;
  const parse = () => (parsed ??= parseYamlSource(file, text).source);
  return {
    file,
    text,
    locateFast,
    get doc() {
      return parse().doc;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  };
}

export interface Position {
  line: number;
  column: number;
}

export function parseYamlSource(file: string, text: string): { source: YamlSource; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  const source: YamlSource = { file, text, doc, lineCounter };
  const errors = [...doc.errors, ...doc.warnings];
  // A value that runs on into an over-indented next line yields two errors for one mistake; keep the clearer one.
  const multiline = new Set(errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  let issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(error.pos[0])) continue;
    issues.push({ file, ...describeYamlError(source, error) });
  }
  // An unclosed quote or bracket swallows the lines after it; what the parser says about them only repeats the one mistake.
  const unclosed = issues.filter((issue) => UNCLOSED_RE.test(issue.message));
  if (unclosed.length) {
    const first = unclosed.reduce((a, b) => (a.line - b.line || a.column - b.column) <= 0 ? a : b);
    issues = issues.filter((issue) => unclosed.includes(issue) || issue.line < first.line || (issue.line === first.line && issue.column < first.column));
  }
  issues.push(...unresolvedAliases(source), ...collectionKeys(source));
  return { source, issues };
}

type Described = Omit<ConfigIssue, 'file'>;

const UNCLOSED_RE = /^YAML syntax: the \S+ opened here is never closed/;

/** The yaml package's wording, reworded where it names parser internals, and placed where the mistake was made. */
function describeYamlError(source: YamlSource, error: YAMLError): Described {
  const at = error.linePos?.[0] ?? { line: 1, col: 1 };
  // prettyErrors appends a code frame after the first line; keep only the sentence.
  const sentence = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const plain = { line: at.line, column: at.col, message: `YAML syntax: ${sentence}` };
  const INDENT_HINT = 'keys of one mapping must start in the same column, indented with spaces';
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { ...plain, message: 'YAML syntax: a tab is used for indentation; YAML only allows spaces', hint: 'replace the tab with spaces' };
    case 'DUPLICATE_KEY': {
      const duplicate = duplicateKeyAt(source, error.pos[0]);
      if (!duplicate) return { ...plain, message: 'YAML syntax: the same key appears twice in one mapping' };
      return {
        ...plain,
        message: `YAML syntax: key \`${duplicate.key}\` appears twice in one mapping`,
        hint: `it is first set on line ${duplicate.firstLine}; keep one of them`,
      };
    }
    case 'MULTILINE_IMPLICIT_KEY': {
      const end = error.linePos?.[1];
      if (!end || end.line === at.line) break;
      // The mistake is on the line that holds the colon, not where the swallowed value began.
      const lineText = source.text.split(/\r?\n/)[end.line - 1] ?? '';
      return {
        line: end.line,
        column: lineText.length - lineText.trimStart().length + 1,
        message: `YAML syntax: bad indentation: this line is read as part of the value that starts on line ${at.line}, and a value cannot contain a key`,
        hint: INDENT_HINT,
      };
    }
    case 'TAG_RESOLVE_FAILED': {
      // Left alone, `pass: !env SMTP_PASS` would quietly be the text "SMTP_PASS".
      const tag = /Unresolved tag: (\S+)/.exec(sentence)?.[1] ?? 'this tag';
      return { ...plain, message: `YAML syntax: unknown tag ${tag}; trackz reads no custom YAML tags`, hint: 'remove the tag; to take a value from the environment write ${NAME}' };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { ...plain, message: 'YAML syntax: this value contains ": ", which starts a nested key; a plain value cannot', hint: 'put the whole value in quotes' };
    case 'MISSING_CHAR': {
      const quote = /^Missing closing (["'])quote/.exec(sentence);
      const open = quote && nodeEndingAt(source, error.pos[0], (node) => isScalar(node) && node.type === (quote[1] === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'));
      if (quote && open) {
        return {
          ...positionOf(source, open.range![0]),
          message: `YAML syntax: the ${quote[1]} opened here is never closed (it runs to the end of the file)`,
          hint: `end the value with ${quote[1]} on the same line`,
        };
      }
      if (/without - indicator/.test(sentence)) return { ...plain, hint: INDENT_HINT };
      break;
    }
    case 'BAD_INDENT': {
      const flow = /^Flow (map|sequence) in block collection/.exec(sentence);
      const open = flow && nodeEndingAt(source, error.pos[0], (node) => (flow[1] === 'map' ? isMap(node) : isSeq(node)) && (node as { flow?: boolean }).flow === true);
      if (flow && open) {
        const closer = flow[1] === 'map' ? '}' : ']';
        return {
          ...positionOf(source, open.range![0]),
          message: `YAML syntax: the ${closer === '}' ? '{' : '['} opened here is never closed with ${closer}`,
          hint: `end the ${flow[1] === 'map' ? 'mapping' : 'list'} with ${closer} (the next line must not start before it is closed)`,
        };
      }
      return { ...plain, hint: INDENT_HINT };
    }
    default:
      break;
  }
  return plain;
}

/** The innermost node matching `test` whose source ends at `offset` (an unclosed quote or bracket runs to the error). */
function nodeEndingAt(source: YamlSource, offset: number, test: (node: Node) => boolean): Node | undefined {
  let found: Node | undefined;
  visit(source.doc, {
    Node(_key, node) {
      if (node.range && node.range[1] === offset && test(node) && (!found || node.range[0] >= found.range![0])) found = node;
    },
  });
  return found;
}

function duplicateKeyAt(source: YamlSource, offset: number): { key: string; firstLine: number } | undefined {
  let result: { key: string; firstLine: number } | undefined;
  visit(source.doc, {
    Map(_key, map) {
      const keys = map.items.map((pair) => pair.key as Node | null);
      const index = keys.findIndex((key) => key?.range?.[0] === offset);
      if (index < 0 || !isScalar(keys[index])) return;
      const name = String(keys[index].value);
      const first = keys.find((key) => isScalar(key) && String(key.value) === name);
      result = { key: name, firstLine: positionOf(source, first?.range?.[0]).line };
      return visit.BREAK;
    },
  });
  return result;
}

/** `? [a, b]: c` is valid YAML but no config key: refuse it rather than let it be stringified. */
function collectionKeys(source: YamlSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(source.doc, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      if (key === null || isScalar(key)) return;
      issues.push({
        file: source.file,
        ...positionOf(source, key.range?.[0]),
        message: `YAML syntax: a key must be plain text, not ${isSeq(key) ? 'a list' : isMap(key) ? 'a mapping' : 'an alias'}`,
        hint: 'a `?` at the start of a line begins a complex key; remove it, or quote the text',
      });
    },
  });
  return issues;
}

/** `*name` with no `&name` before it: the yaml package only notices when converting, and then throws. */
function unresolvedAliases(source: YamlSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(source.doc, {
    Alias(_key, alias) {
      if (alias.resolve(source.doc) !== undefined) return;
      issues.push({
        file: source.file,
        ...positionOf(source, alias.range?.[0]),
        message: `YAML syntax: alias *${alias.source} refers to no anchor`,
        hint: `define &${alias.source} on a value before this line, or remove the *`,
      });
    },
  });
  return issues;
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
  const fast = source.locateFast?.(path, preferKey);
  if (fast) return fast;
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
