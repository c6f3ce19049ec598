import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';
import type { RunningServer, StartOptions } from '../../src/server/main.js';
import type { Db } from '../../src/store/db.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paneBuildExists } from './pane-build.mjs';

export interface TestServer {
  readonly url: string;
  close(keepData?: boolean): Promise<void>;
}

/** The embedded Graph emulator's test controls (faults, counters). */
export type EmbeddedEmulator = NonNullable<RunningServer['graph']>['emulator'];

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

/** How every e2e server starts (and the template the e2e globalSetup makes, e2e-template-main.ts). */
export function testServerStart(dataDir: string, port = 0): StartOptions {
  return {
    env: { ...process.env, AUTH_MODE: 'dev', HTTPS: '0', LOG_LEVEL: 'silent' },
    overrides: { port, https: false, dataDir, scheduler: false, logLevel: 'silent', buildPane: false },
    announce: false,
  };
}

/** The environment variable by which the e2e globalSetup names its template data directory. */
const TEMPLATE_ENV = 'E2E_SERVER_TEMPLATE';

/**
 * A new data directory: a copy of the globalSetup's template (a store already created, migrated and
 * seeded: PGlite's initdb, the migrations and the demo seed took 124–268 s at load 30, once per file
 * before), or an empty one when there is no template (the server then creates its store itself).
 */
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pane-e2e-'));
  const template = process.env[TEMPLATE_ENV];
  if (template) cpSync(template, dir, { recursive: true });
  return dir;
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
  // The e2e project's globalSetup built the pane once for the whole run (global-setup.mjs).
  if (!paneBuildExists())
    throw new Error(
      'no task pane in dist/: run the e2e tests through jest (its globalSetup builds it) or `npm run build`',
    );
  const dataDir = options.dataDir ?? freshDataDir();
  const { startServer } = await import('../../src/server/main.js');
  const server = await startServer(testServerStart(dataDir, options.port));
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
