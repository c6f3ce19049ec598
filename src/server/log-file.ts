import { closeSync, fstatSync, openSync, renameSync, write } from 'node:fs';
import { Writable } from 'node:stream';
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
 * The most a log file holds before it rolls over (10 MiB): a server left running at a terminal for
 * weeks filled DATA_DIR's disk with server.log, which nothing capped (newuser). One rollover: the
 * full file becomes `<file>.1` (replacing the previous one), so the log takes at most twice this.
 * @internal exported for its test
 */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The stream for a file destination, opened now so a file that cannot be written refuses the start
 * in one line naming LOG_FILE (a stream opened lazily would fail later, as an unhandled 'error').
 * Owner-only, as DATA_DIR is: the lines are redacted, but say who synced when. A line that would
 * take the file past `maxBytes` first rolls it over to `<path>.1`; a rollover that fails (the
 * folder became read-only) keeps appending to the file: no line is lost to the cap.
 */
export function openLogFile(
  path: string,
  maxBytes: number = LOG_FILE_MAX_BYTES,
): {
  readonly stream: NodeJS.WritableStream;
  close(): Promise<void>;
} {
  const open = (): number => openSync(path, 'a', 0o600);
  let fd: number;
  try {
    fd = open();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([`LOG_FILE=${path}: cannot be opened for appending (${code}).`]);
  }
  let size = fstatSync(fd).size;
  const rollOver = (): void => {
    try {
      renameSync(path, `${path}.1`);
      const next = open();
      closeSync(fd);
      fd = next;
      size = 0;
    } catch {
      // Renamed but not reopened: the old fd still writes to `<path>.1`; either way nothing is lost.
    }
  };
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (size > 0 && size + chunk.length > maxBytes) rollOver();
      size += chunk.length;
      write(fd, chunk, (error) => done(error));
    },
  });
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
