import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { LOG_FILE_MAX_BYTES, openLogFile } from '../../src/server/log-file.js';

// A new user's stumble: server.log (DATA_DIR's log at a terminal, or LOG_FILE) grew without end.
// It now rolls over once past a cap: the full file becomes `<file>.1`, and no line is lost.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function logPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcsync-logcap-'));
  dirs.push(dir);
  return join(dir, 'server.log');
}

/** Writes `lines` through the log's stream and closes it. */
async function writeLines(path: string, maxBytes: number, lines: string[]): Promise<void> {
  const log = openLogFile(path, maxBytes);
  for (const line of lines) log.stream.write(`${line}\n`);
  await log.close();
}

const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ msg: `line ${from + i}`, pad: 'x'.repeat(40) }));

test('the example: past the cap the file rolls over to server.log.1; both stay under the cap, every line kept', async () => {
  const path = logPath();
  const written = lines(30); // ~60 bytes each: ~1.8 kB through a 1 kB cap
  await writeLines(path, 1024, written);
  expect(statSync(path).size).toBeLessThanOrEqual(1024);
  expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(1024);
  const kept = (readFileSync(`${path}.1`, 'utf8') + readFileSync(path, 'utf8')).trim().split('\n');
  expect(kept).toEqual(written);
});

test('one rollover only: the log takes at most twice the cap however much is written', async () => {
  const path = logPath();
  await writeLines(path, 1024, lines(500));
  expect(statSync(path).size + statSync(`${path}.1`).size).toBeLessThanOrEqual(2 * 1024);
  expect(existsSync(`${path}.2`)).toBe(false);
  expect(readFileSync(path, 'utf8').trim().split('\n').at(-1)).toBe(lines(1, 499)[0]);
});

test('a file already past the cap when the server starts rolls over at its first line', async () => {
  const path = logPath();
  writeFileSync(path, 'y'.repeat(2048));
  await writeLines(path, 1024, lines(1));
  expect(readFileSync(`${path}.1`, 'utf8')).toBe('y'.repeat(2048));
  expect(readFileSync(path, 'utf8')).toBe(`${lines(1)[0]}\n`);
});

test('a rollover that cannot be made (server.log.1 is a folder) keeps appending: no line lost', async () => {
  const path = logPath();
  // rename() onto a non-empty folder fails for root too (EISDIR/ENOTEMPTY).
  mkdirSync(`${path}.1`);
  writeFileSync(join(`${path}.1`, 'keep'), '');
  await writeLines(path, 256, lines(10));
  expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual(lines(10));
});

test('the cap a server uses is 10 MiB', () => {
  expect(LOG_FILE_MAX_BYTES).toBe(10 * 1024 * 1024);
});
