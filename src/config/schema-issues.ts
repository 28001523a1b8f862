/**
 * Turns schema issues into ConfigIssues that point into the YAML: the line of the offending value
 * (or of the unknown key), what was found, what was expected, and a "did you mean" where one fits.
 */
import type * as v from 'valibot';
import type { ConfigIssue } from '../core/errors.js';
import type { StandardSchemaV1 } from '../core/standard-schema.js';
import { redactUrlUserinfo } from '../core/sanitize.js';
import { redact } from '../privacy/redactor.js';
import { isSensitivePath } from './interpolate.js';
import { closest, didYouMean } from './suggest.js';
import { formatPath, locate, locateKey, type PathSegment, type YamlSource } from './yaml-source.js';

type Issue = v.BaseIssue<unknown>;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value pairs)',
  strict_object: 'a mapping (key: value pairs)',
  loose_object: 'a mapping (key: value pairs)',
  record: 'a mapping (key: value pairs)',
  null: 'null',
};

const EMPTY_HINTS: Record<string, string> = {
  array: 'write `[]` for an empty list, or remove the key',
  object: 'write `{}` for an empty mapping, or remove the key',
  strict_object: 'write `{}` for an empty mapping, or remove the key',
};

/** The wording used when a schema did not word its own message. */
export function fallbackMessage(issue: Issue): string {
  if (issue.input === undefined && issue.kind === 'schema') return 'is required';
  if (issue.type in TYPE_WORDS) return `expected ${TYPE_WORDS[issue.type]}`;
  switch (issue.type) {
    case 'picklist':
    case 'literal':
    case 'enum':
      return `expected ${issue.expected?.includes('|') ? `one of ${issue.expected.replace(/ \| /g, ', ')}` : issue.expected}`;
    case 'union':
    case 'variant':
      return 'does not match any accepted form';
    case 'min_length':
      return issue.requirement === 1 ? 'must not be empty' : `expected at least ${String(issue.requirement)} items or characters`;
    case 'max_length':
      return `expected at most ${String(issue.requirement)} items or characters`;
    case 'min_value':
      return `expected a number ≥ ${String(issue.requirement)}`;
    case 'max_value':
      return `expected a number ≤ ${String(issue.requirement)}`;
    case 'integer':
      return 'expected a whole number';
    default:
      return issue.expected ? `expected ${issue.expected}` : issue.message;
  }
}

export const PARSE_CONFIG = { message: fallbackMessage } as const;

export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  // `monitors:` with every item commented out is null to YAML; "null" alone reads like something was written.
  if (value === null) return 'an empty value (null)';
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (Array.isArray(value)) text = `a list of ${value.length}`;
  else if (value !== null && typeof value === 'object') text = `a mapping with keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
  else text = String(value);
  text = redact(redactUrlUserinfo(text));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function pathOf(issue: Issue): PathSegment[] {
  return (issue.path ?? []).map((item) => item.key as PathSegment);
}

/** A key the object schema does not accept (valibot reports it as expecting `never`). */
function isUnknownKey(issue: Issue): boolean {
  const last = issue.path?.at(-1);
  return issue.type === 'strict_object' && last?.origin === 'key' && issue.expected === 'never';
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** A required key that is absent. Its message may be the object schema's own, so it is worded here. */
function isMissingKey(issue: Issue): boolean {
  const last = issue.path?.at(-1);
  return (issue.type === 'object' || issue.type === 'strict_object' || issue.type === 'loose_object') && last?.origin === 'key' && issue.expected !== 'never' && issue.input === undefined;
}

interface MapOptions {
  source: YamlSource;
  /** Path of the validated value inside the document, e.g. ['monitors', 3]. */
  basePath?: PathSegment[];
  /** The data that was validated (relative to basePath). */
  data: unknown;
  /** The schema, to list the keys it accepts at a path for "did you mean". */
  schema?: v.GenericSchema;
  /** Keys that are valid at a path (relative to basePath) though the schema there does not list them. */
  extraKeys?: (path: readonly PathSegment[]) => string[];
}

/**
 * A union's branches each report. When the value matched one branch's shape and failed inside it,
 * that branch's issues explain it best; otherwise the union's own message stands.
 */
function flattenUnions(issues: readonly Issue[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if ((issue.type === 'union' || issue.type === 'variant') && issue.issues?.length) {
      const depth = issue.path?.length ?? 0;
      const deeper = issue.issues.filter((inner) => (inner.path?.length ?? 0) > depth);
      if (deeper.length && deeper.length === issue.issues.filter((i) => i.kind !== 'schema' || (i.path?.length ?? 0) > depth).length) {
        out.push(...flattenUnions(deeper));
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

export function schemaIssuesToConfigIssues(issues: readonly Issue[], options: MapOptions): ConfigIssue[] {
  const { source, basePath = [], data } = options;
  const result: ConfigIssue[] = [];
  const flat = flattenUnions(issues);
  const knownAt = (parent: readonly PathSegment[]) => [...(options.schema ? knownKeysAt(options.schema, parent) : []), ...(options.extraKeys?.(parent) ?? [])];
  // `urll:` given and `url:` missing is one mistake: the unknown key's "did you mean" says it all.
  const suggested = new Set<string>();
  for (const issue of flat) {
    if (!isUnknownKey(issue)) continue;
    const relPath = pathOf(issue);
    const match = closest(String(relPath.at(-1)), knownAt(relPath.slice(0, -1)));
    if (match) suggested.add(formatPath([...relPath.slice(0, -1), match]));
  }
  for (const issue of flat) {
    const relPath = pathOf(issue);
    const fullPath = [...basePath, ...relPath];
    // valibot's object schemas take a list for a mapping and then complain about keys `0`, `1`…: say what is really wrong.
    const parentValue = relPath.length ? valueAt(data, relPath.slice(0, -1)) : undefined;
    if ((isUnknownKey(issue) || isMissingKey(issue)) && Array.isArray(parentValue)) {
      const parent = fullPath.slice(0, -1);
      result.push({ file: source.file, ...locate(source, parent), message: `${formatPath(parent)}: expected ${TYPE_WORDS.object}`, found: describeFound(parentValue) });
      continue;
    }
    if (isUnknownKey(issue)) {
      const key = String(relPath.at(-1));
      const parent = relPath.slice(0, -1);
      const known = knownAt(parent);
      result.push({
        file: source.file,
        ...locateKey(source, [...basePath, ...parent], key),
        message: `${formatPath(fullPath)}: unknown key \`${key}\``,
        hint: didYouMean(key, known) ?? (known.length ? `expected one of: ${known.join(', ')}` : undefined),
      });
      continue;
    }
    if (isMissingKey(issue)) {
      if (suggested.has(formatPath(relPath))) continue;
      const key = String(relPath.at(-1));
      const parent = relPath.slice(0, -1);
      const present = valueAt(data, parent);
      // A loose mapping (a monitor's common fields) does not flag a misspelt key itself: name it here.
      const siblings = present !== null && typeof present === 'object' && !Array.isArray(present) ? Object.keys(present) : [];
      const misspelt = siblings.find((sibling) => sibling !== key && !knownAt(parent).includes(sibling) && closest(sibling, [key]) === key);
      const description = options.schema ? descriptionAt(options.schema, relPath) : undefined;
      result.push({
        file: source.file,
        ...locate(source, [...basePath, ...parent]),
        message: `${formatPath([...basePath, ...parent])}: missing required key \`${key}\`${description ? ` (${lowerFirst(description.replace(/\.$/, ''))})` : ''}`,
        found: present === undefined ? undefined : describeFound(present),
        hint: misspelt ? `\`${misspelt}\` is given: did you mean \`${key}\`?` : undefined,
      });
      continue;
    }
    const found = valueAt(data, relPath);
    // A schema's own message may carry a hint on its second line (pattern problems do).
    const [message, ...hint] = issue.message.split('\n');
    result.push({
      file: source.file,
      ...locate(source, fullPath),
      message: `${formatPath(fullPath)}: ${message}`,
      found: found === undefined ? undefined : isSensitivePath(fullPath.map(String)) ? 'a value (not shown: it is a secret)' : describeFound(found),
      hint: hint.length ? hint.join(' ') : found === null ? EMPTY_HINTS[issue.type] : undefined,
    });
  }
  return dedupe(result);
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type SchemaNode = {
  type?: string;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  value?: SchemaNode;
  wrapped?: SchemaNode;
  options?: SchemaNode[];
  pipe?: SchemaNode[];
  description?: string;
};

/** The `v.description(…)` of the field at `path`, if the schema gives one (used to say what a missing key is). */
export function descriptionAt(schema: v.GenericSchema, path: readonly PathSegment[]): string | undefined {
  let node = schema as unknown as SchemaNode | undefined;
  for (const segment of path) {
    while (node?.wrapped) node = node.wrapped;
    if (node?.entries) node = node.entries[String(segment)];
    else if (node?.type === 'array' && node.item) node = node.item;
    else return undefined;
  }
  while (node?.wrapped) node = node.wrapped;
  return node?.pipe?.find((action) => action.type === 'description')?.description;
}

/** The keys an object schema accepts at `path`, looking through wrappers, lists and unions. */
export function knownKeysAt(schema: v.GenericSchema, path: readonly PathSegment[]): string[] {
  const keys = new Set<string>();
  const visit = (node: SchemaNode | undefined, rest: readonly PathSegment[], depth: number): void => {
    if (!node || depth > 40) return;
    if (node.entries) {
      if (rest.length === 0) Object.keys(node.entries).forEach((k) => keys.add(k));
      else visit(node.entries[String(rest[0])], rest.slice(1), depth + 1);
      return;
    }
    if (node.wrapped) return visit(node.wrapped, rest, depth + 1);
    if (node.type === 'array' && node.item) return visit(node.item, rest.slice(1), depth + 1);
    if (node.type === 'record' && node.value) return visit(node.value, rest.slice(1), depth + 1);
    if (Array.isArray(node.options)) for (const option of node.options) if (typeof option === 'object') visit(option, rest, depth + 1);
  };
  visit(schema as unknown as SchemaNode, path, 0);
  return [...keys];
}

/** Issues from any Standard Schema (a third-party plugin's own validator). */
export function standardIssuesToConfigIssues(issues: readonly StandardSchemaV1.Issue[], source: YamlSource, basePath: PathSegment[], data: unknown): ConfigIssue[] {
  return issues.map((issue) => {
    const rel = (issue.path ?? []).map((s) => (typeof s === 'object' ? s.key : s)).map((s) => (typeof s === 'symbol' ? String(s) : s)) as PathSegment[];
    const fullPath = [...basePath, ...rel];
    const found = valueAt(data, rel);
    return {
      file: source.file,
      ...locate(source, fullPath),
      message: `${formatPath(fullPath)}: ${issue.message}`,
      found: found === undefined ? undefined : isSensitivePath(fullPath.map(String)) ? 'a value (not shown: it is a secret)' : describeFound(found),
    };
  });
}
