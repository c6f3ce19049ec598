import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, acquireDataDirLock, lockPathFor } from '../../src/store/lock.js';
import { thrownBy } from '../support/thrown.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bcsync-lock-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The pid of a process that has exited (reaped by spawnSync), so `kill(pid, 0)` gives ESRCH. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  if (typeof r.pid !== 'number') throw new Error('could not spawn');
  return r.pid;
}

describe('data dir lock', () => {
  test('exclusive: a second acquire is refused with the holder pid; release frees it', () => {
    const dir = join(root, 'a');
    const lock = acquireDataDirLock(dir);
    expect(lock.path).toBe(lockPathFor(dir));
    const content = JSON.parse(readFileSync(lock.path, 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof content.startedAt).toBe('string');
    const caught = thrownBy(() => acquireDataDirLock(dir));
    expect(caught).toBeInstanceOf(DataDirLockedError);
    expect(caught).toMatchObject({ name: 'DataDirLockedError', holderPid: process.pid, lockPath: lock.path });
    expect(String((caught as Error).message)).toContain(`process ${process.pid}`);
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    acquireDataDirLock(dir).release();
  });

  test('a lock left by a dead pid is taken over', () => {
    const dir = join(root, 'b');
    const pid = deadPid();
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid, host: hostname(), startedAt: 'x', token: 't' }));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  test('a live pid on this host, or any pid on another host, keeps the lock', () => {
    const dir = join(root, 'c');
    // pid 1 is alive; kill(1, 0) gives EPERM for non-root, which also means alive.
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid: 1, host: hostname(), startedAt: 'x', token: 't' }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    writeFileSync(
      lockPathFor(dir),
      JSON.stringify({ pid: deadPid(), host: 'elsewhere', startedAt: 'x', token: 't' }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(/on elsewhere/);
  });

  test('a garbled lock file is respected while fresh and taken over once old', () => {
    const dir = join(root, 'd');
    const path = lockPathFor(dir);
    writeFileSync(path, '');
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  test('release leaves a lock that is no longer ours', () => {
    const dir = join(root, 'e');
    const lock = acquireDataDirLock(dir);
    writeFileSync(
      lock.path,
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'x', token: 'other' }),
    );
    lock.release();
    expect(existsSync(lock.path)).toBe(true);
  });
});
