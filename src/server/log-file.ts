import { closeSync, createWriteStream, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './announce.js';

/** Where the JSON log lines go: standard output, or a file they are appended to. */
export type LogDestination = { readonly kind: 'stdout' } | { readonly kind: 'file'; readonly path: string };

/** The file the log goes to when LOG_FILE is unset and standard output is a terminal. */
const DEFAULT_LOG_FILE = 'server.log';

/**
 * LOG_FILE's meaning. Set: that file (appended), or `-` for standard output. Unset: DATA_DIR's
 * server.log when standard output is a terminal, so `npm start`'s banner (URLs, how to sideload) is
 * not buried in JSON lines (newuser: the "Server listening" line came before it and the pane build's
 * after); standard output otherwise, where a service's journal or a container's log collects it.
 */
export function logDestination(
  config: { readonly logFile: string | null; readonly logLevel: string; readonly dataDir: string },
  stdoutIsTerminal: boolean,
): LogDestination {
  const { logFile, logLevel, dataDir } = config;
  // Nothing is written at 'silent': no file is made (the CLI's in-process runs, tests).
  if (logFile === '-' || logLevel === 'silent') return { kind: 'stdout' };
  if (logFile !== null) return { kind: 'file', path: resolve(logFile) };
  return stdoutIsTerminal ? { kind: 'file', path: resolve(dataDir, DEFAULT_LOG_FILE) } : { kind: 'stdout' };
}

/**
 * The stream for a file destination, opened now so a file that cannot be written refuses the start
 * in one line naming LOG_FILE (a stream opened lazily would fail later, as an unhandled 'error').
 * Owner-only, as DATA_DIR is: the lines are redacted, but say who synced when.
 */
export function openLogFile(path: string): {
  readonly stream: NodeJS.WritableStream;
  close(): Promise<void>;
} {
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([`LOG_FILE=${path}: cannot be opened for appending (${code}).`]);
  }
  const stream = createWriteStream('', { fd, autoClose: false });
  return {
    stream,
    close: () =>
      new Promise<void>((done) =>
        stream.end(() => {
          closeSync(fd);
          done();
        }),
      ),
  };
}
