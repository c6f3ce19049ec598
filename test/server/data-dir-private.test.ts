import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ensurePrivateDir } from '../../src/platform/private-dir.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startServer } from '../../src/server/main.js';
import { freshDataDir } from '../support/quiet-server.js';

/**
 * F124: the embedded store's files were world-writable (PGlite writes 0666) and the mailbox
 * snapshot and journal world-readable (0644) in a DATA_DIR made 0755 by the umask, while
 * server.json was 0600. Rule: the product keeps its data dir the owner's alone (0700), whatever each
 * writer does with its own files' modes. Checked as another local user would meet it: which paths
 * under DATA_DIR can they reach (every directory on the way searchable by others) and read or write.
 */
const others = 0o007;

/** Every path under `root` (root included) another local user could read or write. */
function openToOthers(root: string): string[] {
  const open: string[] = [];
  const walk = (path: string, reachable: boolean): void => {
    const st = lstatSync(path);
    if (reachable && (st.mode & 0o006) !== 0) open.push(relative(dirname(root), path) || path);
    if (!st.isDirectory()) return;
    const searchable = reachable && (st.mode & 0o001) !== 0;
    for (const name of readdirSync(path)) walk(join(path, name), searchable);
  };
  walk(root, true);
  return open;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("ensurePrivateDir: the directory is the owner's alone, however it was before", () => {
  test.each([
    ['missing, with a missing parent', null],
    ['made 0755 by the umask (an earlier version)', 0o755],
    ['world-writable', 0o777],
    ['already 0700', 0o700],
  ])('%s', (_name, before) => {
    const parent = mkdtempSync(join(tmpdir(), 'bcsync-private-'));
    made.push(parent);
    const dir = join(parent, 'a', 'data');
    if (before !== null) {
      ensurePrivateDir(dir);
      chmodSync(dir, before);
    }
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

test('F124: after a start and a full sync, nothing in DATA_DIR is open to other local users', async () => {
  // A data dir an earlier version made with umask 022 (mkdtemp's own is 0700 already).
  const dir = await freshDataDir('bcsync-f124-', { seeded: true });
  made.push(dir);
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'pglite'), 0o755);
  const server = await startServer({
    env: { DATA_DIR: dir },
    overrides: { port: 0, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
  });
  try {
    const run = await server.manager.runNow(devUserKey('ann@contoso.com'), { mode: 'full', trigger: 'api' });
    expect(run.record.status).toBe('succeeded');
  } finally {
    await server.close();
  }
  // The files the tester found open: the store's relation files, the mailbox, server.json (gone at close).
  const names = readdirSync(dir);
  expect(names).toEqual(expect.arrayContaining(['pglite', 'graph-emulator.json']));
  expect(statSync(dir).mode & others).toBe(0);
  expect(openToOthers(dir)).toEqual([]);
});
