/**
 * What the CLI needs of the server without loading it: the file a running server announces itself
 * in (URL, admin token) and the error a bad configuration raises. Kept apart from main.ts so the
 * CLI's start path loads only node built-ins (issue 12 §2: a one-request CLI must start fast).
 */
export const SERVER_FILE = 'server.json';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
  }
}
