/**
 * `${NAME}`, `${NAME:-default}` and `${secret:NAME}` in scalar values, resolved on the YAML tree
 * so an unset variable is reported at its own line. `$${` writes a literal `${`.
 * Values placed into sensitive fields (passwords, tokens, auth headers) are registered with the
 * redactor, so they can never be printed.
 */
import { isPair, isScalar, isSeq, visit, type Scalar } from 'yaml';
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

export function interpolate(source: YamlSource, sources: InterpolationSources): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(source.doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const keyNames = path.filter(isPair).map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
      const sensitive = keyNames.some((name) => SENSITIVE_KEY_RE.test(name)) || keyNames.includes('headers');
      const at = positionOf(source, node.range?.[0]);
      const where = formatPath(documentPath(path, node));
      const original = node.value;
      if (MALFORMED_RE.test(original.replace(/\$\$\{/g, ''))) {
        issues.push({
          file: source.file,
          ...at,
          message: `${where}: malformed \${…} reference`,
          found: JSON.stringify(original),
          hint: 'write ${NAME}, ${NAME:-default} or ${secret:NAME}; use $${ for a literal ${',
        });
        return;
      }
      let whole = false;
      const replaced = original.replace(REFERENCE_RE, (match, secretPrefix: string | undefined, name: string, fallback: string | undefined) => {
        if (match === '$${') return '${';
        whole = match === original;
        if (secretPrefix) {
          const value = sources.secret?.(name);
          if (value === undefined) {
            issues.push({
              file: source.file,
              ...at,
              message: sources.secret
                ? `${where}: secret ${name} is not in the secret store (referenced as \${secret:${name}})`
                : `${where}: \${secret:${name}} cannot be resolved: no secret store is available`,
              hint: sources.secret ? `add it with \`trackz secrets set ${name}\`` : `take it from the environment instead: \${${name}}`,
            });
            return '';
          }
          registerSecret(value);
          return value;
        }
        const value = sources.env[name];
        if (value === undefined || value === '') {
          if (fallback !== undefined) return fallback;
          issues.push({
            file: source.file,
            ...at,
            message: `${where}: environment variable ${name} is ${value === '' ? 'empty' : 'not set'} (referenced as \${${name}})`,
            hint: `set ${name}, or give a default with \${${name}:-value}`,
          });
          return '';
        }
        // SMTP_PASS in a URL's user info is as secret as a value under `pass:`.
        if (sensitive || SENSITIVE_KEY_RE.test(name)) registerSecret(value);
        return value;
      });
      (node as Scalar).value = whole && node.type === 'PLAIN' ? retype(replaced) : replaced;
    },
  });
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
