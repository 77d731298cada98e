import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// Holds the code to the table of owners in docs/architecture.md ("Where SQL
// lives"): the document is the rule, so the two cannot drift apart.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Runs SQL but names no table: the liveness check's `SELECT 1`. */
const NO_TABLE = ['src/health/health.controller.ts'];

interface Owners {
  /** Table → the files that may name it in SQL. */
  allowed: Map<string, Set<string>>;
  /** Every file the table lists: the only ones that may call `.query()`. */
  files: Set<string>;
}

function ownersFromArchitecture(): Owners {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const start = doc.indexOf('### Where SQL lives');
  const section = doc.slice(start, doc.indexOf('\n#', start + 1));
  const allowed = new Map<string, Set<string>>();
  const files = new Set<string>();
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1);
    if (cells.length !== 4 || /^\s*-+\s*$/.test(cells[0])) continue;
    const tables = ticked(cells[0]);
    const paths = [cells[2], cells[3]].flatMap(ticked).filter((p) => p.endsWith('.ts'));
    for (const table of tables) allowed.set(table, new Set(paths));
    for (const path of paths) files.add(path);
  }
  return { allowed, files };
}

function tablesInMigrations(): Set<string> {
  const tables = new Set<string>();
  for (const name of readdirSync(join(ROOT, 'migrations'))) {
    const text = readFileSync(join(ROOT, 'migrations', name), 'utf8');
    for (const m of text.matchAll(/CREATE TABLE (\w+)/g)) tables.add(m[1]);
  }
  return tables;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

interface SqlUse {
  /** Tables named after FROM, JOIN, INTO, UPDATE, TABLE or TRUNCATE, or as a regclass. */
  tables: Set<string>;
  /** Lines with a `.query(…)` call. */
  queryCalls: number[];
}

/** What a file does with SQL, from its string literals and calls (comments do not count). */
function sqlUse(path: string): SqlUse {
  const source = ts.createSourceFile(
    path,
    readFileSync(join(ROOT, path), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const tables = new Set<string>();
  const queryCalls: number[] = [];
  const scan = (text: string) => {
    // Keywords in capitals, as the house writes SQL, so English prose in a string is not SQL.
    for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+([a-z_]\w*)/g)) {
      tables.add(m[1]);
    }
    for (const m of text.matchAll(/'([a-z_]\w*)'(?:::regclass|,\s*'[A-Z, ]+'\))/g)) {
      tables.add(m[1]);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) scan(node.text);
    if (ts.isTemplateExpression(node)) {
      // An interpolation stands between two parts: they are scanned apart.
      scan(node.head.text);
      for (const span of node.templateSpans) scan(span.literal.text);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'query'
    ) {
      queryCalls.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { tables, queryCalls };
}

describe('one owner per table', () => {
  const owners = ownersFromArchitecture();
  const files = sourceFiles('src').map((path) => ({ path, ...sqlUse(path) }));

  it('reads the table of owners from docs/architecture.md, naming files that exist', () => {
    expect(owners.allowed.size).toBeGreaterThan(10);
    expect([...owners.files].filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('gives every table the migrations create an owner, and lists no other table', () => {
    const created = tablesInMigrations();
    // TypeORM creates its own migrations table.
    created.add('migrations');
    expect([...created].filter((t) => !owners.allowed.has(t))).toEqual([]);
    expect([...owners.allowed.keys()].filter((t) => !created.has(t))).toEqual([]);
  });

  it('names each table in SQL only in the files listed for it', () => {
    const strays = files.flatMap(({ path, tables }) =>
      [...tables]
        .filter((t) => owners.allowed.has(t) && !owners.allowed.get(t)!.has(path))
        .map((t) => `${path} names ${t}`),
    );
    expect(strays).toEqual([]);
  });

  it('runs SQL only in those files', () => {
    const strays = files
      .filter((f) => f.queryCalls.length > 0)
      .filter((f) => !owners.files.has(f.path) && !NO_TABLE.includes(f.path))
      .map((f) => `${f.path}:${f.queryCalls.join(',')}`);
    expect(strays).toEqual([]);
  });

  it('finds the SQL it is looking for', () => {
    // Guards the scanner itself: were it blind, every other test here would pass.
    const cards = files.find((f) => f.path === 'src/cards/cards.repository.ts')!;
    expect([...cards.tables].sort()).toEqual(
      ['card_policy', 'cards', 'interpreter_photos', 'interpreters', 'register_entries'].sort(),
    );
    const audit = sqlUse('src/audit/audit.repository.ts');
    expect(audit.tables).toContain('audit_events');
    expect(audit.queryCalls.length).toBeGreaterThan(3);
  });
});
