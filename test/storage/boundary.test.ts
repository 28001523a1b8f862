/**
 * Only src/storage knows SQL or a database driver. This reads the source tree (src/, plugins/, bin/)
 * and fails on any file outside src/storage that imports better-sqlite3 or pg, or holds SQL in a
 * string. Strings are found with the TypeScript parser (comments and identifiers are not strings);
 * a template's parts and a chain of `+` are joined first, so SQL split across them is still seen.
 * The detector is tested below on fixtures, so it is known to catch a real case.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DRIVERS = new Set(['better-sqlite3', 'pg', 'pg-pool', 'pg-cursor', 'pg-copy-streams']);

const SQL_PATTERNS: [string, RegExp][] = [
  ['SELECT … FROM', /\bselect\s[\s\S]*?\bfrom\s+[\w"(?]/i],
  ['INSERT INTO', /\binsert\s+(or\s+\w+\s+)?into\s+\w/i],
  ['UPDATE … SET', /\bupdate\s+\w+\s+set\s+\w/i],
  ['DELETE FROM', /\bdelete\s+from\s+\w/i],
  ['CREATE TABLE/INDEX', /\bcreate\s+(temp\w*\s+|unique\s+)?(table|index|view|trigger)\b/i],
  ['PRAGMA', /\bpragma\s+\w+/i],
  ['BEGIN/COMMIT/ROLLBACK', /^\s*(begin(\s+(immediate|exclusive|deferred|transaction))?|commit|rollback)\s*;?\s*$/i],
];

export interface Finding {
  line: number;
  what: string;
  text: string;
}

/** Text of a string-like node; a template's parts joined by `?` (where its values go). */
function stringText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('?');
  return undefined;
}

/** The strings of a `'a' + x + 'b'` chain, joined: SQL is sometimes built that way. */
function concatenation(node: ts.BinaryExpression): string | undefined {
  const parts: string[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      walk(n.left);
      walk(n.right);
    } else if (ts.isParenthesizedExpression(n)) walk(n.expression);
    else parts.push(stringText(n) ?? '?');
  };
  walk(node);
  return parts.some((p) => p !== '?') ? parts.join(' ') : undefined;
}

/** What in one source file breaks the boundary: a driver import, or SQL in a string. */
export function findStorageLeaks(fileName: string, source: string): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const at = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const moduleName = (node: ts.Node): string | undefined => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) return node.moduleReference.expression.text;
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [first] = node.arguments;
      return first && ts.isStringLiteralLike(first) ? first.text : undefined;
    }
    return undefined;
  };
  /** Records the first SQL pattern `text` matches; says whether one did. */
  const checkSql = (node: ts.Node, text: string): boolean => {
    const match = SQL_PATTERNS.find(([, pattern]) => pattern.test(text));
    if (match) findings.push({ line: at(node), what: `SQL (${match[0]})`, text: text.slice(0, 80) });
    return match !== undefined;
  };
  const visit = (node: ts.Node): void => {
    const name = moduleName(node);
    if (name !== undefined && DRIVERS.has(name.split('/')[0]!)) findings.push({ line: at(node), what: `imports ${name}`, text: node.getText(file).slice(0, 80) });
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && !(ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
      const joined = concatenation(node);
      // Reported once, for the whole chain.
      if (joined !== undefined && checkSql(node, joined)) return;
    }
    const text = stringText(node);
    if (text !== undefined) {
      checkSql(node, text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the storage boundary', () => {
  it('no file outside src/storage imports a database driver or holds SQL', () => {
    const files = ['src', 'plugins', 'bin'].flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((file) => !relative(ROOT, file).startsWith(join('src', 'storage') + '/'));
    expect(files.length).toBeGreaterThan(100);
    const leaks = files.flatMap((file) => findStorageLeaks(file, readFileSync(file, 'utf8')).map((f) => `${relative(ROOT, file)}:${f.line}: ${f.what}: ${f.text}`));
    expect(leaks).toEqual([]);
  });

  it('the storage folder itself is where the SQL is (the detector sees it there)', () => {
    const inside = sourceFiles(join(ROOT, 'src/storage/sqlite')).flatMap((file) => findStorageLeaks(file, readFileSync(file, 'utf8')));
    expect(inside.some((f) => f.what === 'imports better-sqlite3')).toBe(true);
    for (const what of ['SQL (SELECT … FROM)', 'SQL (INSERT INTO)', 'SQL (UPDATE … SET)', 'SQL (DELETE FROM)', 'SQL (CREATE TABLE/INDEX)', 'SQL (BEGIN/COMMIT/ROLLBACK)']) {
      expect(inside.map((f) => f.what), what).toContain(what);
    }
  });

  describe('the detector, on fixtures', () => {
    const kinds = (source: string) => findStorageLeaks('fixture.ts', source).map((f) => f.what);

    it('catches driver imports, static, dynamic and required', () => {
      expect(kinds("import Database from 'better-sqlite3';")).toEqual(['imports better-sqlite3']);
      expect(kinds("import type { Statement } from 'better-sqlite3';")).toEqual(['imports better-sqlite3']);
      expect(kinds("const { Pool } = await import('pg');")).toEqual(['imports pg']);
      expect(kinds("const pg = require('pg');")).toEqual(['imports pg']);
      expect(kinds("export { Client } from 'pg';")).toEqual(['imports pg']);
    });

    it('catches SQL in strings, templates and concatenations, in any case', () => {
      expect(kinds("db.prepare('SELECT id FROM monitors WHERE name = ?').get(name);")).toEqual(['SQL (SELECT … FROM)']);
      expect(kinds('const rows = db.prepare(`select ${columns} from site_page_views where site_id = ?`).all(id);')).toEqual(['SQL (SELECT … FROM)']);
      expect(kinds("const sql = 'SELECT COUNT(*) ' + 'FROM ' + table;")).toEqual(['SQL (SELECT … FROM)']);
      expect(kinds('run(`INSERT INTO secrets (name) VALUES (?)`);')).toEqual(['SQL (INSERT INTO)']);
      expect(kinds("q('update alert_outbox set status = ?')")).toEqual(['SQL (UPDATE … SET)']);
      expect(kinds("q('DELETE FROM agent_events WHERE id = ?')")).toEqual(['SQL (DELETE FROM)']);
      expect(kinds("q('CREATE TABLE meta (key TEXT)')")).toEqual(['SQL (CREATE TABLE/INDEX)']);
      expect(kinds("db.pragma('journal_mode = WAL'); db.exec('PRAGMA user_version = 4');")).toEqual(['SQL (PRAGMA)']);
      expect(kinds("db.exec('BEGIN IMMEDIATE'); db.exec('COMMIT');")).toEqual(['SQL (BEGIN/COMMIT/ROLLBACK)', 'SQL (BEGIN/COMMIT/ROLLBACK)']);
    });

    it('leaves words that only look like SQL alone: comments, identifiers, messages', () => {
      expect(kinds('// select the monitors from the config, then delete from the list\nconst selectFrom = 1;')).toEqual([]);
      expect(kinds("throw new UserError('choose one of --visitor, --device or --all');")).toEqual([]);
      expect(kinds("log.info(`Deleted ${n} page views of ${who}`);")).toEqual([]);
      expect(kinds("const text = 'begin the import';")).toEqual([]);
    });
  });
});
