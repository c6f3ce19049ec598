import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { paneSettledLine, printBanner } from '../../src/cli/banner.js';
import type { RunningServer } from '../../src/server/main.js';
import { ConfigError } from '../../src/server/announce.js';
import { logDestination } from '../../src/server/log-file.js';
import type { LogDestination } from '../../src/server/log-file.js';
import { startServer } from '../../src/server/main.js';
import { QUIET, freshDataDir, startQuietServer } from '../support/quiet-server.js';

/*
 * newuser: `npm start` at a terminal printed pino's JSON lines around its banner ("Server listening"
 * before the URLs, "task pane build finished" after). At a terminal they now go to DATA_DIR's
 * server.log, which the banner names with the switch (LOG_FILE=- prints them here); elsewhere (a
 * service's journal) they stay on standard output.
 */

const DATA = '/srv/data';
const ROWS: readonly (readonly [string, string | null, string, boolean, LogDestination])[] = [
  ['unset at a terminal', null, 'info', true, { kind: 'file', path: resolve(DATA, 'server.log') }],
  ['unset, not a terminal', null, 'info', false, { kind: 'stdout' }],
  ['- at a terminal', '-', 'info', true, { kind: 'stdout' }],
  ['a path, not a terminal', 'logs/x.log', 'info', false, { kind: 'file', path: resolve('logs/x.log') }],
  ['a path at a terminal', '/var/log/x.log', 'debug', true, { kind: 'file', path: '/var/log/x.log' }],
  ['unset at a terminal, silent', null, 'silent', true, { kind: 'stdout' }],
];

describe('LOG_FILE', () => {
  test.each(ROWS)('%s', (_name, logFile, logLevel, terminal, wanted) => {
    expect(logDestination({ logFile, logLevel, dataDir: DATA }, terminal)).toEqual(wanted);
  });
});

describe('npm start at a terminal', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  });

  /** The server started as at a terminal, at LOG_LEVEL=info, and the banner it prints. */
  async function startedAtTerminal(env: NodeJS.ProcessEnv) {
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    const dir = await freshDataDir('bcsync-logfile-');
    dirs.push(dir);
    // Not startQuietServer: its close removes DATA_DIR, and the log is read after the close.
    const server = Object.assign(
      await startServer({
        announce: false,
        env: { ...env, DATA_DIR: dir },
        overrides: { ...QUIET, logLevel: 'info' },
      }),
      { dir },
    );
    let banner = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      banner += String(chunk);
      return true;
    });
    try {
      printBanner(server);
    } finally {
      write.mockRestore();
    }
    return { server, banner };
  }

  test('the example: the log lines go to data/server.log, which the banner names', async () => {
    const { server, banner } = await startedAtTerminal({});
    const file = join(server.dir, 'server.log');
    try {
      expect(banner).toContain(
        `  Log              ${file} (JSON lines at LOG_LEVEL=info; LOG_FILE=- prints them here)`,
      );
      expect(banner.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
    } finally {
      await server.close();
    }
    // Closed last, so the shutdown's own lines are in it too.
    expect(server.stopOrder.at(-1)).toBe('log');
    const messages = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages.some((m) => m.startsWith('Server listening at'))).toBe(true);
  });

  test('LOG_FILE=- prints them on standard output, and the banner says so', async () => {
    const { server, banner } = await startedAtTerminal({ LOG_FILE: '-' });
    try {
      expect(banner).toContain('  Log              standard output (JSON lines at LOG_LEVEL=info;');
      expect(existsSync(join(server.dir, 'server.log'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('a LOG_FILE that cannot be opened refuses the start, naming it', async () => {
    await expect(
      startQuietServer('bcsync-logfile-', {
        env: { LOG_FILE: '/nonexistent-dir/x.log' },
        overrides: { logLevel: 'info' },
      }),
    ).rejects.toThrow(
      new ConfigError(['LOG_FILE=/nonexistent-dir/x.log: cannot be opened for appending (ENOENT).']),
    );
  });
});

// The pane build's end was a JSON line; with the log in a file, npm start says it in words.
describe('the pane build ends', () => {
  const server = { url: 'http://localhost:1', pane: { buildLog: '/d/pane-build.log' } } as RunningServer;
  test.each([
    ['built', 'Task pane built: http://localhost:1/taskpane.html\n'],
    ['failed', 'Task pane not built (failed): see /d/pane-build.log\n'],
  ] as const)('%s', (status, line) => {
    expect(paneSettledLine(server, status)).toBe(line);
  });
});
