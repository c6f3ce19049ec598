import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * Two processes opening one PGlite data dir get no error and silently corrupt it, so the store
 * takes an exclusive lock file next to the data dir (`<dataDir>.lock`) before opening it.
 */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly lockPath: string,
    readonly holderPid: number | null,
    readonly holderHost: string | null,
  ) {
    super(
      `the data dir is in use by ${holderPid === null ? 'another process' : `process ${holderPid}`}` +
        `${holderHost && holderHost !== hostname() ? ` on ${holderHost}` : ''} (lock file ${lockPath}); ` +
        'stop that process, or talk to it instead of opening the store again',
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly token: string;
}

/** A lock file whose content cannot be read is only considered abandoned after this long. */
const UNREADABLE_GRACE_MS = 10_000;

/** @internal */
export function lockPathFor(dataDir: string): string {
  return `${resolve(dataDir)}.lock`;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = lockPathFor(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  // Two rounds: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder === 'gone') continue;
      if (holder !== null && isStale(holder)) {
        removeIfUnchanged(path, holder);
        continue;
      }
      throw new DataDirLockedError(path, holder?.pid ?? null, holder?.host ?? null);
    }
    try {
      writeSync(fd, JSON.stringify(content));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path,
      release: () => {
        if (released) return;
        released = true;
        const now = readHolder(path);
        if (now !== 'gone' && now !== null && now.token === content.token) unlinkSync(path);
      },
    };
  }
  throw new DataDirLockedError(path, null, null);
}

function readHolder(path: string): LockContent | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        host: typeof parsed.host === 'string' ? parsed.host : '',
        startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '',
        token: typeof parsed.token === 'string' ? parsed.token : '',
      };
    }
  } catch {
    // fall through: unreadable
  }
  // Empty or garbled: a holder that died between creating and writing it, or one writing it now.
  try {
    if (Date.now() - statSync(path).mtimeMs > UNREADABLE_GRACE_MS) {
      return { pid: 0, host: hostname(), startedAt: '', token: '' };
    }
  } catch {
    return 'gone';
  }
  return null;
}

function isStale(holder: LockContent): boolean {
  if (holder.pid === 0) return true;
  // A pid on another host cannot be probed from here: assume it is alive.
  if (holder.host !== '' && holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive but owned by another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes a stale lock unless another process replaced it meanwhile (then the next round sees that one). */
function removeIfUnchanged(path: string, stale: LockContent): void {
  const now = readHolder(path);
  if (now === 'gone' || now === null) return;
  if (now.pid !== stale.pid || now.token !== stale.token) return;
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
