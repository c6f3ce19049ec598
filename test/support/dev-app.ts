/**
 * The facade as dev mode builds it, for tests that talk to its routes without a database: one
 * home for the context those tests used to write out by hand (deploy-doc, openapi, closed-bodies,
 * the sync harness).
 */
import { afterAll, beforeAll } from '@jest/globals';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Clock } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/state-store-port.js';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { buildApp } from '../../src/server/app.js';
import type { BuildAppOptions } from '../../src/server/app.js';
import { createDevIssuer, devTokenVerifier } from '../../src/server/auth/dev-issuer.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeConfig } from '../../src/server/config.js';
import type { FacadeContext } from '../../src/server/context.js';
import type { Db } from '../../src/store/db.js';
import { MemoryIdempotencyStore } from '../../src/server/idempotency-store.js';

/**
 * A dev-mode context: configuration from `env` (over HTTPS=0), a memory state store unless given,
 * the dev issuer's verifier, a silent logger. `db` is `{}`: only the BC API's store-backed routes
 * and the idempotency store touch it, so a test that calls those needs a real one.
 * Throws when `env` does not load (a test's own mistake).
 */
export function devContext(
  issuer: DevIssuer,
  options: { env?: Record<string, string>; store?: SyncStateStore; clock?: Clock } = {},
): FacadeContext {
  const loaded = loadConfig({ HTTPS: '0', ...options.env });
  if (!loaded.ok) throw new Error(`devContext: configuration refused: ${JSON.stringify(loaded)}`);
  const config: FacadeConfig = loaded.config;
  return {
    config,
    db: {} as Db,
    stateStore: options.store ?? new MemorySyncStateStore(),
    verifyToken: devTokenVerifier(issuer),
    devIssuer: issuer,
    clock: options.clock ?? new ManualClock('2026-03-01T08:00:00.000Z'),
    logger: silentLogger,
  };
}

/**
 * The app with every route dev mode mounts (a superset of production's), ready, and the routes as
 * Fastify registered them (HEAD twins included). For route-table tests: registration and the
 * OpenAPI document touch no database. `extra` adds build options (e.g. `cli` for /internal).
 */
export async function routeOnlyApp(
  extra: Omit<BuildAppOptions, 'ctx' | 'onRoute'> = {},
): Promise<{ app: FastifyInstance; routes: RouteOptions[] }> {
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    ...extra,
    ctx: devContext(await createDevIssuer()),
    onRoute: (r) => routes.push(r),
  });
  await app.ready();
  return { app, routes };
}

/**
 * The routes every route-table test of bodies reads (the CLI's /internal route too: registration
 * only), each with a body schema: registered before the file's tests, closed after them. Read
 * `bodied.routes` inside tests only.
 */
export function routesWithBodies(): { readonly routes: readonly RouteOptions[] } {
  let app: FastifyInstance | null = null;
  const bodied = { routes: [] as RouteOptions[] };
  beforeAll(async () => {
    const built = await routeOnlyApp({
      cli: { adminToken: 'x'.repeat(32), manager: {} as never, users: {} as never },
    });
    app = built.app;
    bodied.routes = built.routes.filter(
      (r) => (r.schema as { body?: unknown } | undefined)?.body !== undefined,
    );
  });
  afterAll(() => app?.close());
  return bodied;
}

/** A dev-mode facade listening on loopback for a test file: its issuer and the sync API's base URL. */
export interface ListeningSyncApi {
  readonly issuer: DevIssuer;
  /** `http://127.0.0.1:PORT/sync/v1`. */
  readonly base: string;
}

/**
 * Starts a dev-mode facade (memory state store, a manual clock) on a loopback port before the
 * file's tests and closes it after them. Call at the file's top level; read the answer's fields
 * inside tests only (they are set in beforeAll).
 */
export function listeningSyncApi(): ListeningSyncApi {
  let app: FastifyInstance | null = null;
  const api = { issuer: null as unknown as DevIssuer, base: '' };
  beforeAll(async () => {
    api.issuer = await createDevIssuer();
    // Its context has no database: the pane's keyed POSTs (SyncApiCaller) keep their answers in memory.
    app = await buildApp({
      ctx: devContext(api.issuer, { clock: new ManualClock() }),
      idempotencyStore: new MemoryIdempotencyStore(),
    });
    api.base = `${await app.listen({ host: '127.0.0.1', port: 0 })}/sync/v1`;
  });
  afterAll(async () => {
    await app?.close();
  });
  return api;
}
