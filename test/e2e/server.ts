import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

const PANE_SOURCES = [
  'src/taskpane',
  'src/core',
  'src/graph',
  'src/bc',
  'src/sync-client',
  'src/messages',
  'scripts/icu-catalog-loader.js',
  'assets',
  'manifest.xml',
  'webpack.config.js',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds the pane into dist/ when it is missing or older than its sources (the server serves dist/). */
export function ensurePaneBuilt(): void {
  const built = existsSync('dist/taskpane.html') ? statSync('dist/taskpane.html').mtimeMs : 0;
  if (built > Math.max(...PANE_SOURCES.map(newestMtime))) return;
  execFileSync('npx', ['webpack', '--mode', 'production'], {
    stdio: 'inherit',
    env: { ...process.env, ANALYZE: '0' },
  });
  // webpack leaves an unchanged file unwritten: mark the build as newer than its sources.
  const now = new Date();
  utimesSync('dist/taskpane.html', now, now);
}

/** The whole product (facade, emulator, dev tokens, pane) on a free loopback port, plain HTTP. */
export async function startTestServer(): Promise<TestServer> {
  ensurePaneBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'pane-e2e-'));
  const { startServer } = await import('../../src/server/main.js');
  const server = await startServer({
    env: { ...process.env, AUTH_MODE: 'dev', HTTPS: '0', LOG_LEVEL: 'silent' },
    overrides: { port: 0, https: false, dataDir, scheduler: false, logLevel: 'silent', buildPane: false },
    announce: false,
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
