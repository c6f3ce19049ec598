import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';

// A DATA_DIR that cannot be made is the configuration's (data-dir.ts): one `configuration:` line
// naming DATA_DIR, exit 2, nothing on stdout — on `start` and on a `sync` with no server running,
// the two commands that make the folder. Was: Node's own line and exit 1 (a file in the path), and
// under /proc nothing at all, never ending (Node's recursive mkdir loops there: private-dir.ts).

const root = mkdtempSync(join(tmpdir(), 'bcsync-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'a-file');
writeFileSync(file, 'not a folder\n', { mode: 0o644 });
symlinkSync(join(root, 'unmounted', 'data'), join(root, 'dangling'));

/** Each kind of DATA_DIR no folder can be made at. */
const BAD: readonly (readonly [string, string])[] = [
  ['a file on the path', join(file, 'data')],
  ['a file as the folder (its mode is left alone)', file],
  ['a link to a folder whose parent is missing', join(root, 'dangling')],
  ...(process.platform === 'linux' ? [['under /proc (was: never ended)', '/proc/bcsync-data'] as const] : []),
];

const ENV = { HTTPS: '0', PORT: '0', PANE_BUILD: '0', SCHEDULER: '0', LOG_LEVEL: 'silent', SEED_DEMO: '0' };
/** Each command that makes DATA_DIR: `start`, and `sync` with no server running there. */
const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['start', ['start']],
  ['sync, no server running', ['sync', '--user', 'ann@contoso.com', '--mode', 'delta']],
];

/** The CLI in its own process; a hang is ended by jest's global guard (test/lint/load-margins). */
function cli(
  args: readonly string[],
  dataDir: string,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/bc-contact-sync.js', ...args],
      { env: { ...process.env, ...ENV, DATA_DIR: dataDir } },
      (error, stdout, stderr) =>
        done({ code: error ? (error.killed ? 'killed' : Number(error.code ?? 1)) : 0, stdout, stderr }),
    );
  });
}

const ROWS = COMMANDS.flatMap(([command, args]) =>
  BAD.map(([kind, dir]) => [command, kind, args, dir] as const),
);

/** A DATA_DIR whose embedded store (pglite/) is there but cannot be opened, per kind. */
function damaged(kind: string): string {
  const dir = mkdtempSync(join(root, 'store-'));
  const store = join(dir, 'pglite');
  if (kind === 'a file where the store folder goes') writeFileSync(store, 'not a store\n');
  else {
    mkdirSync(store);
    writeFileSync(join(store, 'PG_VERSION'), kind === 'another version' ? '11\n' : 'garbage\n');
  }
  return dir;
}
const DAMAGED = ['a file where the store folder goes', 'another version', 'a damaged store'] as const;
const STORE_ROWS = COMMANDS.flatMap(([command, args]) =>
  DAMAGED.map((kind) => [command, kind, args] as const),
);

/** What a refused command left: its exit code, standard output, and standard error's line count and first line. */
function refusal(r: { code: string | number; stdout: string; stderr: string }) {
  const lines = r.stderr.trim().split('\n');
  return { code: r.code, stdout: r.stdout, lines: lines.length, first: lines[0] };
}

describe('a DATA_DIR that cannot be made: exit 2, one line naming DATA_DIR', () => {
  test.each(ROWS)('%s: %s', async (_command, _kind, args, dir) => {
    expect(refusal(await cli(args, dir))).toEqual({
      code: 2,
      stdout: '',
      lines: 1,
      first: expect.stringMatching(
        new RegExp(
          `^configuration: DATA_DIR=${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot be made a folder this user owns \\(E[A-Z]+\\)`,
        ),
      ),
    });
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });
});

// Was PGlite's own line ("PGlite failed to initialize properly"), exit 1, naming no folder.
describe('a DATA_DIR whose embedded store cannot be opened: exit 2, one line naming DATA_DIR and the store', () => {
  test.each(STORE_ROWS)('%s: %s', async (_command, kind, args) => {
    const dir = damaged(kind);
    expect(refusal(await cli(args, dir))).toEqual({
      code: 2,
      stdout: '',
      lines: 1,
      first: expect.stringContaining(
        `configuration: DATA_DIR=${dir}: the embedded store in ${join(dir, 'pglite')} cannot be opened (`,
      ),
    });
  });
});
