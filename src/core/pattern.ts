/**
 * Every regular expression a user writes (body, header and JSON `matches`, agent redaction rules)
 * is matched by RE2 — re2js, its pure-JavaScript port — never by JavaScript's backtracking engine.
 * RE2 matches in time linear in the text, so no pattern can hang a check: `^(a+)+$` against a body
 * of a's takes microseconds, where V8's engine took 73 s. That holds by construction, for every
 * pattern and every text, without a worker thread to cut a match short.
 *
 * Why re2js and not the `re2` binding: no native build (it installs anywhere Node runs), and it is
 * loaded only when a config has a pattern. Why not a worker cut at the deadline: a worker per match
 * costs a thread start per check, and a cut match still burnt the CPU up to the deadline.
 *
 * The price is RE2's syntax: no backreferences (`\1`, `\k<name>`) and no lookaround (`(?=`, `(?!`,
 * `(?<=`, `(?<!`). Those are refused when the config is loaded, at the pattern's file:line:column,
 * with a hint. JavaScript spellings RE2 writes differently (`\u0041`, `(?<name>…)`) are translated.
 */
import { createRequire } from 'node:module';

type Re2js = typeof import('re2js');
type Re2Pattern = InstanceType<Re2js['RE2JS']>;

let re2js: Re2js | undefined;
/**
 * re2js (~260 KB) is required on first use, synchronously (config validation is synchronous), and
 * kept out of the bundle: a config without patterns never loads it.
 */
function engine(): Re2js {
  return (re2js ??= createRequire(import.meta.url)('re2js') as Re2js);
}

/** A compiled user pattern. */
export interface BoundedPattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`. Linear in text.length. */
  test(text: string): boolean;
  /** Every match replaced by `replacement`, taken literally (no `$1`). */
  replaceAll(text: string, replacement: string): string;
}

export interface PatternSyntax {
  /** Accept `/pattern/flags` as well as a bare pattern (expectations do; redaction rules do not). */
  slashes?: boolean;
}

export interface PatternProblem {
  message: string;
  hint: string;
}

export class PatternError extends Error {
  constructor(readonly problem: PatternProblem) {
    super(problem.message);
    this.name = 'PatternError';
  }
}

const RE2 = 'trackz matches with RE2 (linear time, so no pattern can hang a check)';

/** What RE2 cannot do, found before it is asked: a clearer message than its parser's. */
function unsupportedConstruct(source: string): PatternProblem | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) {
        return { message: `the backreference \\${next} is not supported`, hint: `${RE2}, which has no backreferences: repeat the group's pattern instead` };
      }
      if (!inClass && next === 'k' && source[i + 2] === '<') {
        return { message: 'the named backreference \\k<…> is not supported', hint: `${RE2}, which has no backreferences: repeat the group's pattern instead` };
      }
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (char === '(' && source[i + 1] === '?') {
      const kind = source[i + 2] === '=' || source[i + 2] === '!' ? 'lookahead' : source[i + 2] === '<' && (source[i + 3] === '=' || source[i + 3] === '!') ? 'lookbehind' : undefined;
      if (kind) {
        const written = kind === 'lookahead' ? `(?${source[i + 2]}…)` : `(?<${source[i + 3]}…)`;
        return { message: `the ${kind} ${written} is not supported`, hint: `${RE2}, which has no lookaround: match the text itself, or use notContains for text that must not appear` };
      }
    }
  }
  return undefined;
}

function parse(pattern: string, syntax: PatternSyntax): { source: string; flags: number } {
  const { RE2JS } = engine();
  const literal = syntax.slashes ? /^\/(.*)\/([dgimsuvy]*)$/s.exec(pattern) : null;
  let flags = 0;
  if (literal?.[2]?.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (literal?.[2]?.includes('s')) flags |= RE2JS.DOTALL;
  if (literal?.[2]?.includes('m')) flags |= RE2JS.MULTILINE;
  return { source: literal ? literal[1]! : pattern, flags };
}

/** Compiled patterns by syntax and text: a config has few, and each is matched on every check. */
const compiledPatterns = new Map<string, BoundedPattern>();

/** Compiles a user pattern, or throws a PatternError that says what RE2 cannot do and what to write instead. */
export function compilePattern(pattern: string, syntax: PatternSyntax = {}): BoundedPattern {
  const key = `${syntax.slashes ? '/' : ''}\0${pattern}`;
  let bounded = compiledPatterns.get(key);
  if (!bounded) {
    bounded = compileNew(pattern, syntax);
    compiledPatterns.set(key, bounded);
  }
  return bounded;
}

function compileNew(pattern: string, syntax: PatternSyntax): BoundedPattern {
  const { source, flags } = parse(pattern, syntax);
  const unsupported = unsupportedConstruct(source);
  if (unsupported) throw new PatternError(unsupported);
  const { RE2JS } = engine();
  let compiled: Re2Pattern;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(source), flags);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new PatternError({ message: `not a regular expression RE2 can match: ${reason}`, hint: `${RE2}; its syntax: https://github.com/google/re2/wiki/Syntax` });
  }
  return {
    source: pattern,
    test: (text) => compiled.test(text),
    replaceAll: (text, replacement) => compiled.matcher(text).replaceAll(() => replacement),
  };
}

/** Why a pattern cannot be used, or undefined when it can: for config validation. */
export function patternProblem(pattern: string, syntax: PatternSyntax = {}): PatternProblem | undefined {
  try {
    compilePattern(pattern, syntax);
    return undefined;
  } catch (error) {
    if (error instanceof PatternError) return error.problem;
    throw error;
  }
}
