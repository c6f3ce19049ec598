import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/main.js';
import type { RunningServer, StartOptions } from '../../src/server/main.js';
import { migratedDataDir } from '../store/pglite-template.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';

/**
 * What every in-process test server shares: a free port, plain HTTP, no schedule, no log lines and
 * no pane build (the pane's tests build it themselves).
 */
export const QUIET: Partial<FacadeConfig> = {
  port: 0,
  https: false,
  scheduler: false,
  logLevel: 'silent',
  buildPane: false,
};

/** No per-user or per-IP limit: for tests that send hundreds of requests as one user. */
export const NO_RATE_LIMIT: Partial<FacadeConfig> = { rateLimit: { userPerMinute: 0, ipPerMinute: 0 } };

/** `npm start`'s server in the jest process; `close` also removes its data directory. */
export interface QuietServer extends RunningServer {
  /** Its DATA_DIR, fresh for this server. */
  readonly dir: string;
}

/**
 * Starts the product (dev mode, PGlite) on a fresh DATA_DIR named by `dirPrefix`, with QUIET under
 * `options.overrides` and `options.env` added to DATA_DIR. It writes no server.json unless
 * `options.announce`. On PGlite the DATA_DIR starts with a copy of the migrated store template
 * (startsFromTemplate), seeded when this start would seed the demo company (seedsDemo), so the
 * server's own start runs no initdb, migration or seed; the demo user's membership, the Graph
 * emulator's journal and the dev keys are still made by this start.
 */
export async function startQuietServer(
  dirPrefix: string,
  options: Omit<StartOptions, 'env'> & { readonly env?: NodeJS.ProcessEnv } = {},
): Promise<QuietServer> {
  const dir = startsFromTemplate(options)
    ? await freshDataDir(dirPrefix, { seeded: seedsDemo(options) })
    : mkdtempSync(join(tmpdir(), dirPrefix));
  try {
    const server = await startServer({
      announce: false,
      ...options,
      env: { ...options.env, DATA_DIR: dir },
      overrides: { ...QUIET, ...options.overrides },
    });
    return {
      ...server,
      dir,
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * A new DATA_DIR (named by `prefix`) holding a copy of the migrated store template in `pglite/`,
 * where `npm start` keeps its embedded store: a server started on it runs no initdb and no
 * migration (137.6 s at load 31 per start otherwise). Everything else in it is the server's own.
 */
export async function freshDataDir(
  prefix: string,
  options: { readonly seeded?: boolean } = {},
): Promise<string> {
  const template = await migratedDataDir(options);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(template, join(dir, 'pglite'), { recursive: true });
  return dir;
}

/**
 * Whether the server `options` start would seed the demo company (the server's own decision:
 * loadConfig, then the overrides); false for a configuration it refuses (nothing is seeded then).
 */
export function seedsDemo(options: {
  readonly env?: NodeJS.ProcessEnv;
  readonly overrides?: Partial<FacadeConfig>;
}): boolean {
  const loaded = loadConfig({ ...options.env, DATA_DIR: 'unused' });
  return loaded.ok && (options.overrides?.seedDemo ?? loaded.config.seedDemo);
}

/**
 * Whether a quiet server's store is the embedded one in DATA_DIR/pglite (src/server/main.ts), the
 * one the template replaces: not when the test names a PostgreSQL database or its own data dir.
 */
export function startsFromTemplate(options: {
  readonly env?: NodeJS.ProcessEnv;
  readonly overrides?: Partial<FacadeConfig>;
}): boolean {
  // An override replaces what the environment says, null included (the server's config merge).
  const url =
    options.overrides && 'databaseUrl' in options.overrides
      ? options.overrides.databaseUrl
      : options.env?.DATABASE_URL;
  return (url === undefined || url === null || url.trim() === '') && options.overrides?.dataDir === undefined;
}

/** The scopes of every facade API and the admin role: a token that reaches each route's handler. */
const EVERY_FACADE_ACCESS = {
  scopes: ['Sync.ReadWrite', 'BC.ReadWrite', 'Memberships.ReadWrite'],
  roles: ['Memberships.Admin'],
} as const;

/** `Bearer <dev token>` of `upn` with EVERY_FACADE_ACCESS. */
export async function everyFacadeAccess(issuer: DevIssuer, upn: string): Promise<string> {
  return `Bearer ${await issuer.userToken(upn, 'facade', {
    scopes: [...EVERY_FACADE_ACCESS.scopes],
    roles: [...EVERY_FACADE_ACCESS.roles],
  })}`;
}

/** A dev user's `authorization` values: the facade's with EVERY_FACADE_ACCESS, and the Graph emulator's. */
export async function everyAccessOf(
  server: RunningServer,
  upn: string,
): Promise<{ readonly facade: string; readonly graph: string; readonly companyId: string }> {
  const issuer = server.ctx.devIssuer!;
  const facade = await everyFacadeAccess(issuer, upn);
  const graph = `Bearer ${await issuer.userToken(upn, 'graph')}`;
  const companies = await server.app.inject({
    url: '/api/v2.0/companies',
    headers: { authorization: facade },
  });
  const companyId = (companies.json() as { value: { id: string }[] }).value[0]!.id;
  return { facade, graph, companyId };
}
