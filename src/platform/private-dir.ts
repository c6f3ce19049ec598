import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Makes `dir` (and any missing parent) and leaves it the owner's alone (mode 0700), whatever the
 * umask or an earlier version left: everything the product keeps under it (the embedded store,
 * whose files PGlite writes 0666; the mailbox snapshot and journal; server.json) is then out of
 * other local users' reach, however each writer sets its own files' modes (F124). A no-op for
 * other users' permissions on Windows, where chmod only sets read-only.
 * @throws NodeJS.ErrnoException the directory cannot be made or is not ours to chmod.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
