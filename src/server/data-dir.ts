import { ensurePrivateDir } from '../platform/private-dir.js';
import { ConfigError } from './announce.js';

/*
 * A DATA_DIR that cannot be made printed Node's own line ("ENOTDIR: not a directory, mkdir
 * '/etc/passwd/x'", exit 1), or nothing at all and never ended (under /proc: private-dir.ts), on
 * `npm start` and on a `sync` with no server running (helper attack). It is the configuration's:
 * the variable to change, in one `configuration:` line, exit 2, as LOG_FILE and PORT are refused.
 */

/** Makes the data folder the owner's alone (private-dir.ts), or refuses DATA_DIR as ConfigError. */
export function makeDataDir(dir: string): void {
  try {
    ensurePrivateDir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([
      `DATA_DIR=${dir}: cannot be made a folder this user owns (${code}); set DATA_DIR to a folder this user may write.`,
    ]);
  }
}
