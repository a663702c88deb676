/**
 * Finds import cycles among the TypeScript files under a folder.
 *
 * A small walk over the compiler's own view of the code rather than another dependency: the
 * `typescript` package (already here for ts-jest and the typecheck) parses each file and resolves
 * each specifier exactly as `tsc` does (extensions, index files, tsconfig options), so the graph is
 * the one the build sees. Type-only imports count too: they tie the two modules' designs together
 * just as much, and a layering rule with exceptions is one nobody can check at a glance.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * A group of files that import each other in a circle (relative to the root, `/`-separated,
 * sorted) and one loop through them, closed by its first file, to show where to cut.
 */
export interface Cycle {
  files: string[];
  loop: string[];
}

/** The compiler options a tsconfig.json gives, so specifiers resolve as they do for `tsc`. */
export function compilerOptionsOf(tsconfigPath: string): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(path.resolve(tsconfigPath))).options;
}

function listTsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTsFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Module specifiers of `import`/`export ... from`, `import x = require()`, `require()` and `import()`. */
export function importSpecifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      found.push(node.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        found.push(node.arguments[0].text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Edges from each file under `root` to the files under `root` it imports (packages are left out). */
export function importGraph(root: string, options: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Node10 }): Map<string, string[]> {
  const absRoot = path.resolve(root);
  const graph = new Map<string, string[]>();
  for (const file of listTsFiles(absRoot)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets = importSpecifiers(source)
      .map((spec) => ts.resolveModuleName(spec, file, options, ts.sys).resolvedModule)
      .filter((m): m is ts.ResolvedModuleFull => !!m && !m.isExternalLibraryImport)
      .map((m) => path.resolve(m.resolvedFileName))
      .filter((target) => target.startsWith(absRoot + path.sep) && !target.endsWith('.d.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function tangles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

/** One concrete loop inside a tangle, found by a breadth-first walk back to its first file. */
function loopThrough(graph: Map<string, string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(cameFrom.get(loop[0])!);
        return [...loop, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** One example loop per group of files that import each other in a circle; empty when there are none. */
export function findImportCycles(root: string, options?: ts.CompilerOptions): Cycle[] {
  const absRoot = path.resolve(root);
  const graph = importGraph(absRoot, options);
  const rel = (f: string) => path.relative(absRoot, f).split(path.sep).join('/');
  return tangles(graph).map((component) => ({ files: component.map(rel).sort(), loop: loopThrough(graph, component).map(rel) }));
}
