/**
 * `${NAME}`, `${NAME:-default}` and `${secret:NAME}` in scalar values, resolved on the YAML tree
 * so an unset variable is reported at its own line. `$${` writes a literal `${`.
 * Values placed into sensitive fields (passwords, tokens, auth headers) are registered with the
 * redactor, so they can never be printed.
 */
import { isPair, isScalar, isSeq, visit, type Scalar } from 'yaml';
import { ownSecret } from '../core/child-env.js';
import type { ConfigIssue } from '../core/errors.js';
import { registerSecret } from '../privacy/redactor.js';
import { formatPath, positionOf, type PathSegment, type YamlSource } from './yaml-source.js';

const REFERENCE_RE = /\$\$\{|\$\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const MALFORMED_RE = /\$\{(?![A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}|secret:[A-Za-z_][A-Za-z0-9_]*\})/;
const SENSITIVE_KEY_RE = /pass|secret|token|api[-_]?key|authorization|auth|cookie|credential|private|signature|webhook/i;

export interface InterpolationSources {
  env: Record<string, string | undefined>;
  /** Resolves `${secret:NAME}`; undefined when the secret store is not available or has no such name. */
  secret?: (name: string) => string | undefined;
}

/** Where a value is, for its messages: computed only when there is something to report. */
type Place = () => { line: number; column: number };

/**
 * Fills in one value's references. Returns the new text and whether the value was one whole
 * reference (so an unquoted `port: ${PORT}` can become a number); problems go to `issues`.
 */
function substitute(original: string, where: string, sensitive: boolean, place: Place, file: string, sources: InterpolationSources, issues: ConfigIssue[]): { value: string; whole: boolean } {
  if (MALFORMED_RE.test(original.replace(/\$\$\{/g, ''))) {
    issues.push({
      file,
      ...place(),
      message: `${where}: malformed \${…} reference`,
      found: JSON.stringify(original),
      hint: 'write ${NAME}, ${NAME:-default} or ${secret:NAME}; use $${ for a literal ${',
    });
    return { value: original, whole: false };
  }
  let whole = false;
  const value = original.replace(REFERENCE_RE, (match, secretPrefix: string | undefined, name: string, fallback: string | undefined) => {
    if (match === '$${') return '${';
    whole = match === original;
    if (secretPrefix) {
      const secret = sources.secret?.(name);
      if (secret === undefined) {
        issues.push({
          file,
          ...place(),
          message: sources.secret
            ? `${where}: secret ${name} is not in the secret store (referenced as \${secret:${name}})`
            : `${where}: \${secret:${name}} cannot be resolved: no secret store is available`,
          hint: sources.secret ? `add it with \`trackz secrets set ${name}\`` : `take it from the environment instead: \${${name}}`,
        });
        return '';
      }
      registerSecret(secret);
      return secret;
    }
    // trackz's own TRACKZ_* secrets are withheld from process.env at start-up; a config may still name them.
    const env = ownSecret(name, sources.env);
    if (env === undefined || env === '') {
      if (fallback !== undefined) return fallback;
      issues.push({
        file,
        ...place(),
        message: `${where}: environment variable ${name} is ${env === '' ? 'empty' : 'not set'} (referenced as \${${name}})`,
        hint: `set ${name}, or give a default with \${${name}:-value}`,
      });
      return '';
    }
    // SMTP_PASS in a URL's user info is as secret as a value under `pass:`.
    if (sensitive || SENSITIVE_KEY_RE.test(name)) registerSecret(env);
    return env;
  });
  return { value, whole };
}

/** A path through a password, token, auth or header field: its value is never printed (also in config errors). */
export const isSensitivePath = (keyNames: readonly string[]) => keyNames.some((name) => SENSITIVE_KEY_RE.test(name)) || keyNames.includes('headers');

/** Interpolates the parsed YAML tree in place (the exact path: every problem at its own line). */
export function interpolate(source: YamlSource, sources: InterpolationSources): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(source.doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const keyNames = path.filter(isPair).map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
      const place = () => positionOf(source, node.range?.[0]);
      const { value, whole } = substitute(node.value, formatPath(documentPath(path, node)), isSensitivePath(keyNames), place, source.file, sources, issues);
      (node as Scalar).value = whole && node.type === 'PLAIN' ? retype(value) : value;
    },
  });
  return issues;
}

/** A value that was one whole reference, written both plain and quoted: only the exact parser can tell which is which. */
export class AmbiguousReferenceError extends Error {}

/**
 * Interpolates data read by fast-yaml.ts in place. `styleOf` says how a value was written (plain
 * values that are one whole reference are retyped, as above); `place` finds a path's position.
 */
export function interpolateData(
  data: unknown,
  sources: InterpolationSources,
  styleOf: (text: string) => 'plain' | 'quoted' | 'both' | undefined,
  place: (path: readonly PathSegment[]) => { line: number; column: number },
  file: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // One path stack for the whole walk: a 100,000-monitor file has a million values, few with `${`.
  const path: PathSegment[] = [];
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      const at = [...path];
      const keyNames = at.filter((segment): segment is string => typeof segment === 'string');
      const result = substitute(value, formatPath(at), isSensitivePath(keyNames), () => place(at), file, sources, issues);
      if (!result.whole) return result.value;
      const style = styleOf(value);
      if (style === 'both') throw new AmbiguousReferenceError(value);
      return style === 'plain' ? retype(result.value) : result.value;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        value[i] = walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        path.push(key);
        record[key] = walk(record[key]);
        path.pop();
      }
    }
    return value;
  };
  walk(data);
  return issues;
}

/** `monitors[2].url`, from the ancestors `visit` passes (the document, maps, pairs, sequences) and the node. */
function documentPath(ancestors: readonly unknown[], node: unknown): PathSegment[] {
  const path: PathSegment[] = [];
  for (const [i, ancestor] of ancestors.entries()) {
    if (isPair(ancestor)) path.push(isScalar(ancestor.key) ? String(ancestor.key.value) : '?');
    else if (isSeq(ancestor)) path.push(ancestor.items.indexOf((ancestors[i + 1] ?? node) as never));
  }
  return path;
}

/** `port: ${SMTP_PORT}` should be a number, as if the value had been written there. */
function retype(value: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
