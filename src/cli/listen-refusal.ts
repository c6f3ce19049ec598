import { ConfigError } from '../server/announce.js';

/*
 * `npm start` on a port another process holds printed Node's own line ("listen EADDRINUSE: address
 * already in use 127.0.0.1:3917", exit 1) and did not say which setting changes it (helper newuser:
 * a second product on one machine). A listen refusal is the configuration's: the variable to change,
 * in one `configuration:` line, exit 2 (README "Command line").
 */

/** Per listen error code: the line naming the variable that chooses what is refused. */
const LINES: Readonly<Record<string, (address: string, port: number) => string>> = {
  EADDRINUSE: (address, port) =>
    `PORT ${port}: another process already listens on ${address}:${port}; stop it, or set PORT to a free port (PORT=3001 npm start)`,
  EACCES: (_address, port) =>
    `PORT ${port}: this user may not listen on port ${port} (ports below 1024 need privileges); set PORT to 1024 or above`,
  EADDRNOTAVAIL: (address) =>
    `HOST ${address}: no network interface of this machine has that address; set HOST to one it has (127.0.0.1)`,
};

/** The configuration refusal a failed listen stands for, or null for any other error. */
export function listenRefusal(e: unknown): ConfigError | null {
  if (!(e instanceof Error)) return null;
  const { code, syscall, address, port } = e as NodeJS.ErrnoException & { address?: string; port?: number };
  const line = syscall === 'listen' && code !== undefined ? LINES[code] : undefined;
  return line ? new ConfigError([line(address ?? '', port ?? 0)]) : null;
}
