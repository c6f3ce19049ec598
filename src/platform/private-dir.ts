import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes `dir` (and any missing parent) and leaves it the owner's alone (mode 0700), whatever the
 * umask or an earlier version left: everything the product keeps under it (the embedded store,
 * whose files PGlite writes 0666; the mailbox snapshot and journal; server.json) is then out of
 * other local users' reach, however each writer sets its own files' modes (F124). A no-op for
 * other users' permissions on Windows, where chmod only sets read-only.
 * @throws NodeJS.ErrnoException the directory cannot be made, is not a directory (ENOTDIR: a
 *   file's mode is never changed), or is not ours to chmod.
 */
export function ensurePrivateDir(dir: string): void {
  makeDirs(resolve(dir));
  if (!statSync(dir).isDirectory()) throw notADirectory(dir);
  chmodSync(dir, 0o700);
}

/**
 * Each missing folder from the nearest existing ancestor down, made on its own: Node's
 * `mkdirSync(…, { recursive: true })` never returns where a folder cannot be made under a parent
 * that exists yet answers ENOENT (anything under /proc: `DATA_DIR=/proc/x npm start` printed
 * nothing and hung; helper attack). A folder another process made meanwhile (EEXIST) is fine.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function notADirectory(dir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
}
