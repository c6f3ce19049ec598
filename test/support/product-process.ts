import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` (bin/bc-contact-sync.js start) on DATA_DIR `dir` as a process of its own, output piped:
 * no HTTPS, scheduler, pane build or log unless `env` says otherwise.
 */
export function spawnProduct(dir: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['bin/bc-contact-sync.js', 'start'], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: '0',
      HTTPS: '0',
      SCHEDULER: '0',
      PANE_BUILD: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm start` as processes of their own (issue 9 §4 tests kill them for real). */
export class ProductProcesses {
  private readonly children: ChildProcess[] = [];

  /**
   * Starts the product on DATA_DIR `dir`; resolves once it announced itself (server.json).
   * `env` adds to or overrides the defaults below (e.g. DATABASE_URL, SEED_DEMO, SCHEDULER).
   */
  start(
    dir: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ child: ChildProcess; url: string; adminToken: string }> {
    const child = spawnProduct(dir, env);
    this.children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // The banner is printed after server.json is written.
        if (existsSync(join(dir, 'server.json'))) {
          const announced = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as {
            url: string;
            adminToken: string;
          };
          resolve({ child, url: announced.url, adminToken: announced.adminToken });
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}${out}`)));
    });
  }

  /** Sends the signal and resolves with the exit code (null when the signal ended it). */
  stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  }

  /** Kills whatever still runs (afterAll). */
  killAll(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

/** A sync/BC API request to a product in dev mode as `user` (the dev issuer's token). */
export async function facadeFetch(url: string, user: string, path: string, init: RequestInit = {}) {
  const token = (
    (await (await fetch(`${url}/dev/token?user=${user}&audience=facade`)).json()) as { access_token: string }
  ).access_token;
  return fetch(`${url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
}
