import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

/*
 * ESLint sees one file's own imports; an independent model of Graph must not reach core through a
 * helper either (a platform guard that imported core's JSON walk did). This walks the real import
 * graph from each folder's files (imports, re-exports, import() and type imports alike, as
 * TypeScript's parser reads them) and names every module reached outside what is allowed. The pane's
 * walk follows only the imports that bring code: the facade's types may come along (eslint.config.js).
 */

/** Every .ts/.tsx file under `folder`. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(folder, f));
}

/** The source file a relative specifier names (NodeNext: './x.js' is ./x.ts or ./x.tsx); throws when none. */
function resolved(from: string, specifier: string): string {
  const base = normalize(join(dirname(from), specifier)).replace(/\.js$/, '');
  // A plain .mjs module (the pane bench's build helper) is read as it is.
  const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (p) => /\.(tsx?|mjs)$/.test(p) && existsSync(p),
  );
  if (found === undefined) throw new Error(`${from}: '${specifier}' names no source file`);
  return found;
}

/**
 * The relative modules `file` imports, resolved to source files (package imports are not followed): every
 * import, re-export and import(), or with `runtimeOnly` those that bring code (not `import type`/`export type`).
 */
function importsOf(file: string, runtimeOnly: boolean): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!(runtimeOnly && node.importClause?.isTypeOnly)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!(runtimeOnly && node.isTypeOnly)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => resolved(file, s));
}

/** Every module reachable from `starts`, each with the chain of imports that first reached it. */
function reachable(starts: readonly string[], runtimeOnly = false): Map<string, string[]> {
  const chains = new Map<string, string[]>(starts.map((s) => [s, [s]]));
  const queue = [...starts];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of importsOf(file, runtimeOnly)) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

/** The chains from `folder`'s files to each reached module that `refused` says may not be reached. */
function refusedChains(folder: string, refused: (file: string) => boolean, runtimeOnly = false): string[] {
  return [...reachable(filesUnder(folder), runtimeOnly).entries()]
    .filter(([file]) => refused(file))
    .map(([, chain]) => chain.join(' → '));
}

describe('the real import graph keeps its directions, through every helper', () => {
  it('the emulator reaches no core module: of src/ only itself, platform and pure, types included', () => {
    expect(refusedChains('src/emulator', (f) => !/^src\/(emulator|platform|pure)\//.test(f))).toEqual([]);
  });

  it('core reaches nothing outside core but pure', () => {
    expect(refusedChains('src/core', (f) => !/^src\/(core|pure)\//.test(f))).toEqual([]);
  });

  it('pure is a leaf: it reaches nothing outside pure', () => {
    expect(refusedChains('src/pure', (f) => !f.startsWith('src/pure/'))).toEqual([]);
  });

  // The storable-text rule and the JSON walk once had platform twins (the emulator could not reach core): one
  // home now, so the facade's guard, the guard the emulator runs, and the stores' rule cannot drift apart.
  it('core, the input guard and the emulator reach the one storable-text rule and JSON walk in pure', () => {
    for (const start of [
      'src/core/state-refusal.ts',
      'src/platform/json-body-guard.ts',
      'src/emulator/graph-plugin.ts',
    ]) {
      const reached = reachable([start]);
      expect([start, reached.has('src/pure/storable-text.ts'), reached.has('src/pure/json-walk.ts')]).toEqual(
        [start, true, true],
      );
    }
    const homes = (name: string): string[] =>
      filesUnder('src').filter((f) => new RegExp(`function ${name}\\b`).test(readFileSync(f, 'utf8')));
    expect([homes('isStorableText'), homes('firstInJson')]).toEqual([
      ['src/pure/storable-text.ts'],
      ['src/pure/json-walk.ts'],
    ]);
  });

  it('the pane brings in no server, store or emulator code, nor StoreBcContacts', () => {
    expect(
      refusedChains(
        'src/taskpane',
        (f) => /^src\/(server|store|emulator|cli|fakes)\//.test(f) || f === 'src/bc/store-bc-contacts.ts',
        true,
      ),
    ).toEqual([]);
  });

  it.each(['src/graph', 'src/bc', 'src/store', 'src/sync-client'])(
    'the adapter %s reaches no wiring (server, pane, CLI), emulator or fake',
    (folder) => {
      expect(refusedChains(folder, (f) => /^src\/(server|taskpane|cli|emulator|fakes)\//.test(f))).toEqual(
        [],
      );
    },
  );

  // `npm run bench:*` runs bench/ with node, outside jest: '@jest/globals' exports no beforeAll
  // there, so a module that imports it kills the bench on import (bench:schedule did, through
  // test/support/schedule-cluster.ts and its hooks helper).
  it('the benchmarks reach no module that imports @jest/globals (they run outside jest)', () => {
    const jestBound = (f: string): boolean =>
      /^\s*import\s+(?!type\b)[^;]*from\s+'@jest\/globals'/m.test(readFileSync(f, 'utf8'));
    expect(refusedChains('bench', jestBound, true)).toEqual([]);
    // Named example: the cluster the schedule bench runs, and the tests' hooks for it apart.
    expect(reachable(['bench/schedule.bench.ts'], true).has('test/support/schedule-cluster.ts')).toBe(true);
    expect(jestBound('test/support/use-schedule-cluster.ts')).toBe(false);
    expect(jestBound('test/support/opened.ts')).toBe(true);
  });

  // The walk must see through helpers, or the properties above hold vacuously.
  it('named example: the facade guard reaches core through platform/deadline.ts, and the walk says how', () => {
    expect(refusedChains('src/platform', (f) => f === 'src/core/run-errors.ts')).toEqual([
      expect.stringMatching(/^src\/platform\/\S+\.ts → (src\/\S+ → )*src\/core\/run-errors\.ts$/),
    ]);
    expect(reachable(['src/taskpane/engine/pane-engine.ts']).has('src/bc/http-bc-contacts.ts')).toBe(true);
    // A type import is followed in the full walk, not in the walk of what brings code.
    expect(reachable(['src/taskpane/i18n/refusal-text.ts']).has('src/core/schema-reason.ts')).toBe(true);
    expect(reachable(['src/taskpane/i18n/refusal-text.ts'], true).has('src/core/schema-reason.ts')).toBe(
      false,
    );
  });

  it('an import that names no source file stops the walk rather than passing it by', () => {
    expect(() => resolved('src/emulator/x.ts', '../core/no-such-module.js')).toThrow(/names no source file/);
  });
});
