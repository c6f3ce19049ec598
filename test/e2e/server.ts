import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { PANE_SOURCES, PANE_STAMP, buildState } from '../../src/platform/source-freshness.mjs';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';
import type { RunningServer } from '../../src/server/main.js';
import type { Db } from '../../src/store/db.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  readonly url: string;
  close(keepData?: boolean): Promise<void>;
}

/** The embedded Graph emulator's test controls (faults, counters). */
export type EmbeddedEmulator = NonNullable<RunningServer['graph']>['emulator'];

/** Builds the pane into dist/ when it is missing or older than its sources (the server serves dist/). */
function ensurePaneBuilt(): void {
  if (buildState(process.cwd(), PANE_STAMP, PANE_SOURCES).state === 'current') return;
  execFileSync('npx', ['webpack', '--mode', 'production'], {
    stdio: 'inherit',
    env: { ...process.env, ANALYZE: '0' },
  });
  // webpack leaves an unchanged file unwritten: mark the build as newer than its sources.
  const now = new Date();
  utimesSync('dist/taskpane.html', now, now);
}

export interface TestServerOptions {
  /** A fixed port (a restart on the same origin); a free one when absent. */
  readonly port?: number;
  /** An existing data directory (a restart keeps the state); a new one when absent. */
  readonly dataDir?: string;
  /**
   * Users (UPNs) granted the demo company besides ann@contoso.com, whom the dev start grants it:
   * the BC API answers only member companies (issue 10 §2), and each e2e file syncs its own user.
   */
  readonly members?: readonly string[];
}

/**
 * The whole product (facade, emulator, dev tokens, pane) on a loopback port, plain HTTP. `close`
 * removes the data directory unless `keepData` (to start again on it).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<
  TestServer & {
    readonly dataDir: string;
    readonly port: number;
    readonly emulator: EmbeddedEmulator;
    /** The server's database: a test seeds large states (BC contacts, as BC users enter them) here. */
    readonly db: Db;
  }
> {
  ensurePaneBuilt();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pane-e2e-'));
  const { startServer } = await import('../../src/server/main.js');
  const server = await startServer({
    env: { ...process.env, AUTH_MODE: 'dev', HTTPS: '0', LOG_LEVEL: 'silent' },
    overrides: {
      port: options.port ?? 0,
      https: false,
      dataDir,
      scheduler: false,
      logLevel: 'silent',
      buildPane: false,
    },
    announce: false,
  });
  for (const upn of options.members ?? [])
    await grantMembership(server.ctx.db, devUserKey(upn), DEMO_COMPANY_ID, 'e2e');
  if (!server.graph) throw new Error('the test server runs without its embedded Graph emulator');
  return {
    url: server.url,
    emulator: server.graph.emulator,
    db: server.ctx.db,
    dataDir,
    port: Number(new URL(server.url).port),
    close: async (keepData = false) => {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
