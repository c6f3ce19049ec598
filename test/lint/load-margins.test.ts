import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { getConfig } from '@testing-library/dom';
import ts from 'typescript';
import { DOM_WAIT_MS } from '../support/dom-waits.js';
import { POLL_BOUND_MS } from '../support/poll.js';
import { sourceFiles } from '../support/source-files.js';

// Tests run under load (CI: two workers on two cores beside other work, load 20–40), so no outcome
// may depend on how fast wall-clock time passes. Three shapes of that kind failed or could fail:
//  1. a deadline under 1 s on a call that is answered (server-run's 200 ms: an answer sent after
//     50 ms came late under load and counted as none). A sub-second deadline is allowed only where
//     the call is never answered, and the line (or the one above) must say so: "never answer…".
//  2. a sleep-poll (`new Promise((r) => setTimeout(r, ms))` in a loop of N tries): its bound is
//     wall time in disguise. Polls go through test/support/poll.ts (pollUntil), bounded roomily.
//     A child process's own `timeout:` is a hang guard: under load the CLI alone took over 300 s to
//     end (lost-server, load 38) and was killed as if it had failed; it is as long as jest's guard.
//  3. testing-library's findBy*/waitFor with its own 1 s limit: every file that uses it imports
//     test/taskpane/harness.tsx, which sets DOM_WAIT_MS (test/support/dom-waits.ts).
//  4. a test or hook with its own timeout below jest's guard (jest.config.js): it fails when the
//     machine is busy, not when the product is wrong (run-membership's 120 s beforeAll failed a
//     full run at load 27). Every test waits on events; the global guard alone catches a hang.

const SUB_SECOND_MS = 1_000;
/**
 * jest.config.js's testTimeout, read from its text (the config is plain JS without types): a child
 * process's `timeout:` is a hang guard and no shorter, and no test or hook sets a shorter one.
 */
const GUARD_MS = Number(
  /testTimeout:\s*([\d_]+)/.exec(readFileSync('jest.config.js', 'utf8'))?.[1]?.replaceAll('_', '') ?? NaN,
);
const NAMED_DEADLINE = /deadline|timeout/i;
const SAYS_NEVER_ANSWERED = /never answer/i;

/** A numeric literal's value, or a numeric string's ('300'); null for anything else. */
function literalMs(node: ts.Expression): number | null {
  if (ts.isNumericLiteral(node)) return Number(node.text.replaceAll('_', ''));
  if (ts.isStringLiteral(node) && /^\d+$/.test(node.text)) return Number(node.text);
  return null;
}

/**
 * Every `<name>: <ms>` or `const <name> = <ms>` in `source` whose name says deadline or timeout
 * and whose literal value is under 1 s, unless its line or the line above says the call is never
 * answered; as "file:line: name = ms".
 */
export function tightDeadlines(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines = source.split('\n');
  const found: string[] = [];
  const check = (name: ts.Node, value: ts.Expression | undefined) => {
    const ms = value ? literalMs(value) : null;
    // `timeout:` alone is execFile's (or a wait's): a hang guard, as long as jest's own (GUARD_MS).
    // Playwright's per-action `timeout:` in test/e2e is the pane's (notes/det-list.md), not this rule's.
    const childGuard = name.getText() === 'timeout' && !fileName.startsWith('test/e2e/');
    const limit = childGuard ? GUARD_MS : SUB_SECOND_MS;
    if (ms === null || ms >= limit || !NAMED_DEADLINE.test(name.getText())) return;
    const { line } = file.getLineAndCharacterOfPosition(name.getStart());
    if (SAYS_NEVER_ANSWERED.test(`${lines[line - 1] ?? ''}\n${lines[line]}`)) return;
    found.push(`${fileName}:${line + 1}: ${name.getText()} = ${ms}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) check(node.name, node.initializer);
    if (ts.isVariableDeclaration(node)) check(node.name, node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every `setTimeout(resolve, …)` that resolves its enclosing `new Promise`: a sleep; as "file:line". */
export function sleeps(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node, resolvers: ReadonlySet<string>): void => {
    let inner = resolvers;
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Promise' &&
      node.arguments?.[0] &&
      (ts.isArrowFunction(node.arguments[0]) || ts.isFunctionExpression(node.arguments[0]))
    ) {
      const first = node.arguments[0].parameters[0]?.name;
      if (first && ts.isIdentifier(first)) inner = new Set([...resolvers, first.text]);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'setTimeout' &&
      node.arguments[0] &&
      ts.isIdentifier(node.arguments[0]) &&
      inner.has(node.arguments[0].text)
    ) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${fileName}:${line + 1}`);
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(file, new Set());
  return found;
}

/** Test sources that wait on the DOM through testing-library but not through the harness that sets DOM_WAIT_MS. */
export function domWaitsUnset(source: string): boolean {
  return (
    /from '@testing-library\/(react|dom)'/.test(source) &&
    /\b(find(All)?By[A-Z]\w*|waitFor\w*)\(/.test(source) &&
    !/from '\.\/harness\.js'|'(\.\.\/)+(taskpane\/harness|support\/dom-waits)\.js'/.test(source)
  );
}

/**
 * Files whose real pause is their subject, with why; every other real pause in a test is a poll and
 * goes through pollUntil. Kept short on purpose: each entry is listed in notes/det-list.md.
 */
const REAL_PAUSES: Record<string, string> = {
  // The run's length in real time is what it proves: longer than 3 deadlines, never cut short.
  'test/cli/server-run.test.ts': 'polls a real interval apart',
  // A frozen (SIGSTOPped) process's sent statements land before its runs are listed.
  'test/server/scheduler-processes.test.ts': 'settles a frozen process',
};

/** Test files that import `node:timers/promises` (a real pause) and are not in REAL_PAUSES. */
export function pausesOutsidePoll(fileName: string, source: string): string[] {
  return /from 'node:timers\/promises'/.test(source) && !(fileName in REAL_PAUSES) ? [fileName] : [];
}

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

// The support files that are the mechanism itself are not scanned for the shapes they replace.
const MECHANISM = new Set([
  'test/support/poll.ts',
  'test/support/dom-waits.ts',
  'test/lint/load-margins.test.ts',
]);
/** Every test source once, with its text (the scans below read the ones whose text can match). */
const SOURCES = sourceFiles('test', /\.tsx?$/).map((name) => ({ name, source: readFileSync(name, 'utf8') }));
const TESTS = SOURCES.filter((t) => !MECHANISM.has(t.name));
const scan = (maybe: RegExp, f: (name: string, source: string) => string[]) =>
  TESTS.filter((t) => maybe.test(t.source)).flatMap((t) => f(t.name, t.source));

describe('no test outcome depends on how fast wall-clock time passes', () => {
  test('the scans find the shapes they look for (they can fail)', () => {
    const src = [
      'const DEADLINE = 200;',
      'follow(url, { deadlineMs: 200, pollMs: 0 });',
      "runCli([], { CLI_TIMEOUT_MS: '300' });",
      '// the stall is never answered',
      'const stalled = withDeadline(f, { timeoutMs: 300 });',
      'const ROOMY_DEADLINE = 1000;',
      "execFile('node', [], { timeout: 300_000 }, done);",
      "execFile('node', [], { timeout: 600_000 }, done);",
      'const timed = withDeadline(hanging, { timeoutMs: 20 }); // never answers',
      'for (let i = 0; i < 60; i++) await new Promise((r) => setTimeout(r, 500));',
      'await new Promise(function (done) { setTimeout(done, 10); });',
      'const later = (ms: number, f: () => void) => setTimeout(f, ms);',
      'await new Promise<void>((r) => server.listen(0, r));',
    ].join('\n');
    expect(tightDeadlines('t.ts', src)).toEqual([
      't.ts:1: DEADLINE = 200',
      't.ts:2: deadlineMs = 200',
      't.ts:3: CLI_TIMEOUT_MS = 300',
      't.ts:7: timeout = 300000',
    ]);
    expect(sleeps('t.ts', src)).toEqual(['t.ts:10', 't.ts:11']);
    const rtl = "import { screen } from '@testing-library/react';\n";
    expect(domWaitsUnset(`${rtl}await screen.findByText('x');`)).toBe(true);
    expect(domWaitsUnset(`${rtl}await waitFor(() => undefined);`)).toBe(true);
    expect(domWaitsUnset(`${rtl}import { x } from './harness.js';\nawait screen.findByText('x');`)).toBe(
      false,
    );
    expect(domWaitsUnset(`${rtl}screen.getByText('x');`)).toBe(false);
    const timers = "import { setTimeout as pause } from 'node:timers/promises';";
    expect(pausesOutsidePoll('test/x.test.ts', timers)).toEqual(['test/x.test.ts']);
    expect(pausesOutsidePoll('test/cli/server-run.test.ts', timers)).toEqual([]);
    const hooks = [
      'beforeAll(async () => { await start(); }, 120_000);',
      "test('x', async () => {}, 5000);",
      "test.each([[1]])('row %i', async () => {}, 60_000);",
      "it('kept', async () => {}, 600_000);",
      "test('none', async () => {});",
      'setTimeout(() => {}, 10);',
    ].join('\n');
    expect(shortTimeouts('t.ts', hooks, GUARD_MS)).toEqual([
      't.ts:1: 120_000',
      't.ts:2: 5000',
      't.ts:3: 60_000',
    ]);
  });

  test('the old server-run (CI red on stop 22) is what the deadline scan flags', () => {
    const old = ['const DEADLINE = 200;', 'function options() { return { deadlineMs: DEADLINE }; }'];
    expect(tightDeadlines('server-run.test.ts', old.join('\n'))).toEqual([
      'server-run.test.ts:1: DEADLINE = 200',
    ]);
  });

  test('every deadline under 1 s is on a call never answered; a child’s timeout is jest’s guard', () => {
    expect(scan(/deadline|timeout/i, tightDeadlines)).toEqual([]);
  });

  test('no test sleeps: polls go through test/support/poll.ts', () => {
    expect(scan(/setTimeout/, sleeps)).toEqual([]);
    expect(scan(/timers\/promises/, pausesOutsidePoll)).toEqual([]);
  });

  test('every test that waits on the DOM gets the roomy wait, and it is roomy', () => {
    expect(TESTS.filter((t) => domWaitsUnset(t.source)).map((t) => t.name)).toEqual([]);
    expect(getConfig().asyncUtilTimeout).toBe(DOM_WAIT_MS);
    expect(DOM_WAIT_MS).toBeGreaterThanOrEqual(30_000);
  });

  test('a poll gives up well before jest’s guard (its message is the one a failure shows)', () => {
    expect(GUARD_MS).toBe(600_000);
    expect(POLL_BOUND_MS).toBeLessThan(GUARD_MS);
    expect(POLL_BOUND_MS).toBeGreaterThanOrEqual(120_000);
  });
});

describe('no test or hook times out before the global guard', () => {
  test('the guard is read from jest.config.js', () => {
    expect(GUARD_MS).toBe(600_000);
  });

  test('every test file under test/ (run-membership was the example)', () => {
    const found = SOURCES.flatMap((t) => shortTimeouts(t.name, t.source, GUARD_MS));
    expect(found).toEqual([]);
  });
});
