/**
 * Issue 12 (the pane's first render): the pane's entry is src/taskpane/boot.ts, which starts
 * index.tsx through an eager import, so webpack bundles the pane into the same script (no request
 * more, nothing a stopped server could refuse: F136) but as a module function required at start,
 * not inlined into the bundle's top-level IIFE (V8 compiles that eagerly: the entry's evaluation
 * took 93-133 ms CPU against 53-76 ms this way, traced at load 12-17 with bench/pane-ab.bench.ts).
 * Before it starts the pane, boot.ts paints the first frame (shell.ts: test/taskpane/shell.test.tsx).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';

type ConfigModule = {
  default: (env: object, argv: object) => { entry: Record<string, string> };
};
// By a variable: the config is plain JavaScript, without a declaration file.
const configFile = '../../webpack.config.js';

describe("the pane's entry (issue 12)", () => {
  test('is boot.ts, which starts index.tsx by an eager import: one script, the pane a module in it', async () => {
    const config = ((await import(configFile)) as ConfigModule).default({}, { mode: 'production' });
    expect(config.entry.taskpane).toBe('./src/taskpane/boot.ts');
    const boot = readFileSync('src/taskpane/boot.ts', 'utf8');
    // The code, not its comments: one import() of the pane, eager (a chunk of its own would be a
    // request more), and no other import() (each a chunk, a script the server could refuse).
    const code = boot.replace(/\/\*\*[\s\S]*?\*\/\n/g, '');
    expect(code.match(/import\(/g)).toHaveLength(1);
    expect(code).toContain(`import(/* webpackMode: "eager" */ './index.js')`);
  });
});
