import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/*
 * Attendance rows change only through the attendance writer, whose SQL is in the sessions
 * repository, and session rows are written only there too: a second path would skip the
 * rollups, the version or the audit row. A unique index refusal is recognised in one place.
 * Checked on the compiler's syntax tree, so comments and prose do not count.
 */
const ROOT = path.resolve(__dirname, '../../..');
const REPOSITORY = 'src/features/sessions/sessions.repository.ts';

/** Files allowed to write the tables directly, and why. */
const ALLOWED: Record<string, string[]> = {
  [REPOSITORY]: ['attendance', 'sessions'],
  // The demo generator bulk-loads millions of rows and computes their rollups as it goes
  // (the same figures, checked by the demo tests); a writer call per session would take hours.
  'src/features/demo/generate-sessions.ts': ['attendance', 'sessions'],
};

const WRITE_METHODS = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
const RAW_WRITE = /\b(insert\s+into|update|delete\s+from|merge\s+into)\s+"?(attendance|sessions)\b/i;

interface Finding {
  line: number;
  table: string;
  code: string;
}

function textOf(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** Every write to `attendance` or `sessions` in one file: query builder calls, bulkInsert and raw SQL. */
function tableWrites(fileName: string, text: string): Finding[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const add = (node: ts.Node, table: string, code: string) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, table, code });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      const table = textOf(WRITE_METHODS.has(name) ? node.arguments[0] : name === 'bulkInsert' ? node.arguments[1] : undefined);
      const bare = table?.trim().split(/\s+/)[0];
      if (bare === 'attendance' || bare === 'sessions') add(node, bare, `${name}('${table}')`);
    }
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node) ? node.text : undefined;
    const raw = literal === undefined ? null : RAW_WRITE.exec(literal);
    if (raw) add(node, raw[2].toLowerCase(), raw[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const sourceFiles = () => ['src', 'scripts'].flatMap((d) => tsFiles(path.join(ROOT, d)));

describe('writes to attendance and sessions', () => {
  it('happen only in the sessions repository (and the demo bulk loader)', () => {
    const outside = sourceFiles().flatMap((file) =>
      tableWrites(file, fs.readFileSync(file, 'utf8'))
        .filter((w) => !ALLOWED[rel(file)]?.includes(w.table))
        .map((w) => `${rel(file)}:${w.line} ${w.code}`),
    );
    expect(outside).toEqual([]);
  });

  it('the repository still holds the attendance writes (the scan would otherwise prove nothing)', () => {
    const found = tableWrites(REPOSITORY, fs.readFileSync(path.join(ROOT, REPOSITORY), 'utf8'));
    expect(new Set(found.map((w) => w.table))).toEqual(new Set(['attendance', 'sessions']));
  });

  it('finds builder calls, aliases, bulk inserts and raw SQL, and ignores comments and reads', () => {
    const sample = [
      "// trx.updateTable('attendance') in a comment",
      "db.selectFrom('attendance').selectAll();",
      "trx.updateTable('attendance').set({ note: null });",
      "db.deleteFrom('attendance as a');",
      "await bulkInsert(db, 'sessions', rows);",
      'await sql`update "attendance" set note = null`.execute(db);',
      "await db.insertInto('audit_log').values(row);",
    ].join('\n');
    expect(tableWrites('sample.ts', sample).map((w) => [w.line, w.table])).toEqual([
      [3, 'attendance'],
      [4, 'attendance'],
      [5, 'sessions'],
      [6, 'attendance'],
    ]);
  });
});

describe('a unique index refusal', () => {
  it('is recognised in src/db/unique-violation.ts only', () => {
    const codes = /['"`](SQLITE_CONSTRAINT_UNIQUE|23505)['"`]/;
    const elsewhere = sourceFiles()
      .filter((file) => codes.test(fs.readFileSync(file, 'utf8')))
      .map(rel);
    expect(elsewhere).toEqual(['src/db/unique-violation.ts']);
  });
});
