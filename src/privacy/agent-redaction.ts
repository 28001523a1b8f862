/**
 * Agent privacy rules: drop or redact fields of device events by regular expression, before anything
 * is stored. `(?i)` at the start of a pattern (as in the config examples) means case-insensitive.
 * Actions: `redact` replaces the whole value (default), `mask` replaces only the matched text,
 * `remove` clears the field, `drop` drops the event.
 */

export const REDACTABLE_FIELDS = ['app', 'title', 'url'] as const;
export type RedactableField = (typeof REDACTABLE_FIELDS)[number];
export const REDACTION_ACTIONS = ['redact', 'mask', 'remove', 'drop'] as const;
export type RedactionAction = (typeof REDACTION_ACTIONS)[number];

export interface RedactionRule {
  field: RedactableField | readonly RedactableField[];
  pattern: string;
  action?: RedactionAction;
  replacement?: string;
}

export const DEFAULT_REPLACEMENT = '[redacted]';

/** `(?i)foo` → /foo/i; anything else as written. Throws SyntaxError for an invalid pattern. */
export function compilePattern(pattern: string, global = false): RegExp {
  let flags = global ? 'g' : '';
  let source = pattern;
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags += inline[1]!.replace(/[^ims]/g, '');
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, flags);
}

export function patternProblem(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface RedactableEvent {
  app?: string;
  title?: string;
  url?: string;
}

interface CompiledRule {
  fields: readonly RedactableField[];
  test: RegExp;
  global: RegExp;
  action: RedactionAction;
  replacement: string;
}

/** Applies the rules in order; returns undefined when a rule drops the event. */
export type Redactor = <T extends RedactableEvent>(event: T) => T | undefined;

export function compileRedactionRules(rules: readonly RedactionRule[]): Redactor {
  const compiled: CompiledRule[] = rules.map((rule) => ({
    fields: typeof rule.field === 'string' ? [rule.field] : rule.field,
    test: compilePattern(rule.pattern),
    global: compilePattern(rule.pattern, true),
    action: rule.action ?? 'redact',
    replacement: rule.replacement ?? DEFAULT_REPLACEMENT,
  }));
  return (event) => {
    for (const rule of compiled) {
      for (const name of rule.fields) {
        const value = event[name];
        if (value === undefined || value === '' || !rule.test.test(value)) continue;
        if (rule.action === 'drop') return undefined;
        if (rule.action === 'remove') event[name] = undefined;
        else if (rule.action === 'mask') event[name] = value.replace(rule.global, rule.replacement);
        else event[name] = rule.replacement;
      }
    }
    return event;
  };
}
