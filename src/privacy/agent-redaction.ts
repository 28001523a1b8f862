/**
 * Agent privacy rules: drop or redact fields of device events by regular expression, before anything
 * is stored. Patterns are RE2 (src/core/pattern.ts: linear time, whatever the title or URL a device
 * reports); `(?i)` at the start (as in the config examples) means case-insensitive.
 * Actions: `redact` replaces the whole value (default), `mask` replaces only the matched text,
 * `remove` clears the field, `drop` drops the event.
 */
import { compilePattern, patternProblem as boundedPatternProblem, type BoundedPattern } from '../core/pattern.js';

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

/** What is wrong with a redaction pattern (message, then a hint on the next line), or undefined. */
export function patternProblem(pattern: string): string | undefined {
  const problem = boundedPatternProblem(pattern);
  return problem && `${problem.message}\n${problem.hint}`;
}

export interface RedactableEvent {
  app?: string;
  title?: string;
  url?: string;
}

interface CompiledRule {
  fields: readonly RedactableField[];
  pattern: BoundedPattern;
  action: RedactionAction;
  replacement: string;
}

/** Applies the rules in order; returns undefined when a rule drops the event. */
export type Redactor = <T extends RedactableEvent>(event: T) => T | undefined;

export function compileRedactionRules(rules: readonly RedactionRule[]): Redactor {
  const compiled: CompiledRule[] = rules.map((rule) => ({
    fields: typeof rule.field === 'string' ? [rule.field] : rule.field,
    pattern: compilePattern(rule.pattern),
    action: rule.action ?? 'redact',
    replacement: rule.replacement ?? DEFAULT_REPLACEMENT,
  }));
  return (event) => {
    for (const rule of compiled) {
      for (const name of rule.fields) {
        const value = event[name];
        if (value === undefined || value === '' || !rule.pattern.test(value)) continue;
        if (rule.action === 'drop') return undefined;
        if (rule.action === 'remove') event[name] = undefined;
        else if (rule.action === 'mask') event[name] = rule.pattern.replaceAll(value, rule.replacement);
        else event[name] = rule.replacement;
      }
    }
    return event;
  };
}
