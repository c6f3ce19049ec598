import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { sourceFiles } from '../support/source-files.js';
import ts from 'typescript';

// A test or hook that sets its own timeout below the global guard (jest.config.js) fails when the
// machine is busy, not when the product is wrong: run-membership's 120 s beforeAll failed a full
// run at load 27. Every test waits on events; the global guard alone catches a hang.

const HOOKS = new Set(['test', 'it', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach']);

/** The name a call is made through: `test`, `test.each(rows)` and `describe.skip` give their root. */
function rootName(callee: ts.Expression): string | null {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return rootName(callee.expression);
  if (ts.isCallExpression(callee)) return rootName(callee.expression);
  return null;
}

/** Every `<hook>(…, fn, <number>)` in `source` whose number is below `guardMs`, as "line: ms". */
export function shortTimeouts(fileName: string, source: string, guardMs: number): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && HOOKS.has(rootName(node.expression) ?? '')) {
      const last = node.arguments[node.arguments.length - 1];
      const fnBefore = node.arguments[node.arguments.length - 2];
      if (
        last &&
        fnBefore &&
        (ts.isArrowFunction(fnBefore) || ts.isFunctionExpression(fnBefore)) &&
        ts.isNumericLiteral(last) &&
        Number(last.text.replaceAll('_', '')) < guardMs
      ) {
        const { line } = file.getLineAndCharacterOfPosition(last.getStart());
        found.push(`${fileName}:${line + 1}: ${last.getText()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** jest.config.js's testTimeout, read from its text (the config is plain JS without types). */
const GUARD_MS = Number(
  /testTimeout:\s*([\d_]+)/.exec(readFileSync('jest.config.js', 'utf8'))?.[1]?.replaceAll('_', '') ?? NaN,
);

describe('no test or hook times out before the global guard', () => {
  test('the scan finds the shapes it looks for (it can fail)', () => {
    const src = [
      'beforeAll(async () => { await start(); }, 120_000);',
      "test('x', async () => {}, 5000);",
      "test.each([[1]])('row %i', async () => {}, 60_000);",
      "it('kept', async () => {}, 600_000);",
      "test('none', async () => {});",
      'setTimeout(() => {}, 10);',
    ].join('\n');
    expect(shortTimeouts('t.ts', src, GUARD_MS)).toEqual([
      't.ts:1: 120_000',
      't.ts:2: 5000',
      't.ts:3: 60_000',
    ]);
  });

  test('the guard is read from jest.config.js', () => {
    expect(GUARD_MS).toBe(600_000);
  });

  test('every test file under test/ (run-membership was the example)', () => {
    const found = sourceFiles('test', /\.tsx?$/).flatMap((f) =>
      shortTimeouts(f, readFileSync(f, 'utf8'), GUARD_MS),
    );
    expect(found).toEqual([]);
  });
});
