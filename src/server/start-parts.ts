import { writeSettleMs } from '../core/lease.js';
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../platform/system-clock.js';
import type { ShutdownSteps } from '../platform/shutdown.js';
import { intervalTicker } from '../platform/ticker.js';
import { localProcesses } from '../platform/local-process.js';
import { openStore, PgliteOpenError } from '../store/open-store.js';
import type { Store } from '../store/open-store.js';
import { DEMO_COMPANY_ID, seedDemoCompany } from '../store/demo-seed.js';
import { getCompany } from '../store/bc-repository.js';
import { grantMembership } from '../store/company-members.js';
import { sqlStateAdmission } from '../store/user-scopes.js';
import { PostgresConnectError } from '../store/postgres-connect.js';
import { DEMO_USER } from './embedded/demo-mailbox.js';
import { ConfigError, SERVER_FILE } from './announce.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from './auth/dev-issuer.js';
import type { DevIssuer } from './auth/dev-issuer.js';
import { sqlUserDirectory } from './auth/user-directory.js';
import type { UserDirectory } from './auth/user-directory.js';
import { entraVerifier } from './auth/verify.js';
import type { TokenVerifier } from './auth/verify.js';
import { devModeExposure, loadConfig, serverGraph } from './config.js';
import type { FacadeConfig } from './config.js';
import type { FacadeContext } from './context.js';
import { firstDemoPerson } from './embedded/demo-match.js';
import { mountEmbeddedGraph } from './embedded/graph.js';
import type { EmbeddedGraph } from './embedded/graph.js';
import { ownEmbeddedGraph } from './embedded/graph-owner.js';
import type { TlsResult } from './embedded/https.js';
import { createRunMetrics, observeRuns } from './observability.js';
import type { RunMetrics } from './observability.js';
import { startScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import { RunManager } from './sync/run-manager.js';
import { sqlRunCancelMarks } from '../store/sql-run-cancel.js';
import { sqlTurnHoldRecords } from '../store/sql-turn-holds.js';
import { startRunReaper } from './run-reaper.js';
import { lateEnvironment, lateLogger } from './late-bound.js';
import { databaseProblemLine, pgliteOpenLine } from './database-problem.js';
import type { StartOptions } from './main.js';
import type { BuildAppOptions } from './app.js';
import { facadeLoggerOptions } from './log-redaction.js';
import type { PlaceCheck } from './user-place.js';

// The steps npm start's process takes (main.ts `startServer` calls them in order). Each step that
// starts something adds its undo to the caller's shutdown list, so a failed start or `close()`
// undoes exactly what was started, in reverse order.

/** The configuration: the environment (validated), then the caller's overrides, checked again for exposure. */
export function startConfig(options: StartOptions): FacadeConfig {
  const loaded = loadConfig(options.env ?? process.env);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  const config: FacadeConfig = { ...loaded.config, ...options.overrides };
  const exposed = devModeExposure(config);
  if (exposed !== null) throw new ConfigError([exposed]);
  return config;
}

/** The store (PostgreSQL at DATABASE_URL, else PGlite in the data dir); closed last. */
export async function openFacadeStore(
  config: FacadeConfig,
  dataDir: string,
  shutdown: ShutdownSteps,
): Promise<Store> {
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(dataDir, 'pglite') }),
    writeSettleMs: writeSettleMs([config.timeouts.graphMs, config.timeouts.bcMs]),
  }).catch((e: unknown) => {
    // DATABASE_URL names a server that cannot be used, or DATA_DIR a store that cannot be opened (was
    // PGlite's own line, exit 1): a configuration to fix, in one line.
    if (e instanceof PostgresConnectError) throw new ConfigError([databaseProblemLine(e.problem)]);
    throw e instanceof PgliteOpenError ? new ConfigError([pgliteOpenLine(dataDir, e)]) : e;
  });
  shutdown.add('store', () => store.close());
  return store;
}

/** How bearer tokens are checked: the dev issuer (dev mode) or Entra's keys (entra mode). */
export async function facadeAuth(config: FacadeConfig): Promise<{
  readonly devIssuer: DevIssuer | null;
  readonly verifyToken: TokenVerifier;
  readonly readiness: Readonly<Record<string, () => Promise<void>>>;
}> {
  if (config.auth.mode === 'dev') {
    const devIssuer = await createDevIssuer();
    return { devIssuer, verifyToken: devTokenVerifier(devIssuer), readiness: {} };
  }
  const entra = entraVerifier({
    tenantId: config.auth.tenantId,
    audiences: config.auth.audiences,
    authority: config.authority,
  });
  // Entra's signing keys: without them no token verifies. Dev mode's keys are in the process.
  return { devIssuer: null, verifyToken: entra, readiness: { keys: entra.keysReachable } };
}

type FacadeAuth = Awaited<ReturnType<typeof facadeAuth>>;

/**
 * The embedded Graph's ownership of this database, then the demo seed: a second process on the
 * same database is refused before it writes anything. Returns whether Graph is embedded.
 */
export async function claimAndSeed(
  config: FacadeConfig,
  dataDir: string,
  store: Store,
  auth: FacadeAuth,
  shutdown: ShutdownSteps,
): Promise<boolean> {
  const embedded = serverGraph(config).kind === 'emulator' && auth.devIssuer !== null;
  if (embedded) shutdown.add('graph owner', await ownEmbeddedGraph(dataDir, config.databaseUrl));
  if (config.seedDemo) await seedDemo(store, auth.devIssuer);
  return embedded;
}

/** The demo company, and in dev mode the demo user's membership of it (issue 10 §2); idempotent. */
async function seedDemo(store: Store, devIssuer: DevIssuer | null): Promise<void> {
  await seedDemoCompany(store.db, systemClock);
  // An upgraded store seeded before memberships existed gets it too. Dev mode only: in entra mode
  // an admin grants.
  if (devIssuer && (await getCompany(store.db, DEMO_COMPANY_ID)))
    await grantMembership(store.db, devUserKey(DEMO_USER), DEMO_COMPANY_ID, 'demo seed');
}

/** What the app and the background jobs share: made before the app, nothing started yet. */
export interface FacadeParts {
  readonly ctx: FacadeContext;
  readonly manager: RunManager;
  readonly metrics: RunMetrics;
  readonly log: ReturnType<typeof lateLogger>;
  readonly env: ReturnType<typeof lateEnvironment>;
  readonly adminToken: string;
  readonly users: UserDirectory;
  /** Readiness checks of the auth mode (Entra's keys). */
  readonly readiness: Readonly<Record<string, () => Promise<void>>>;
}

/** Known only once the server listens: the scheduler (when on) and the add-in's origin (its port). */
export interface LateParts {
  scheduler: Scheduler | null;
  origin: string;
}

/** buildApp's options for npm start's process: its context, logger, TLS, readiness and CLI routes. */
export function facadeAppOptions(
  parts: FacadeParts,
  at: {
    readonly tls: TlsResult;
    readonly logStream: NodeJS.WritableStream | undefined;
    readonly late: LateParts;
    readonly place: (user: string) => Promise<PlaceCheck[]>;
  },
): BuildAppOptions {
  const { ctx, manager, env } = parts;
  const { config } = ctx;
  const { tls, late } = at;
  return {
    ctx,
    metrics: parts.metrics,
    readiness: {
      // The job queue is ready once the scheduler started (when it is on).
      queue: async () => {
        if (config.scheduler && late.scheduler === null) throw new Error('the scheduler has not started');
      },
      ...parts.readiness,
    },
    fastify: {
      logger: facadeLoggerOptions(config.logLevel, at.logStream),
      ...(tls.kind === 'https' ? { https: { key: tls.key, cert: tls.cert } } : {}),
      // Behind a reverse proxy: its X-Forwarded-* give the client's address and scheme (TRUST_PROXY).
      ...(config.trustProxy.length > 0 ? { trustProxy: [...config.trustProxy] } : {}),
    },
    sync: { env: env.env, manager },
    scheduler: () => late.scheduler,
    cli: { adminToken: parts.adminToken, manager, users: parts.users, place: at.place },
  };
}

/** The context, the run metrics and the run manager; the logger and the environment bound later. */
export function facadeParts(config: FacadeConfig, store: Store, auth: FacadeAuth): FacadeParts {
  const clock = systemClock;
  const users = sqlUserDirectory(store.db, clock, auth.devIssuer !== null);
  const log = lateLogger();
  const env = lateEnvironment();
  // Every run of this process (API, pane, schedule, CLI) saves its record through this store.
  const metrics = createRunMetrics();
  const stateStore = observeRuns(store.stateStore, metrics);
  const ctx: FacadeContext = {
    config,
    db: store.db,
    stateStore,
    verifyToken: auth.verifyToken,
    devIssuer: auth.devIssuer,
    users,
    stateAdmission: sqlStateAdmission(store.db),
    // The bounds on holding a create turn count across every process on this database (R2).
    turnHolds: sqlTurnHoldRecords(store.db),
    clock,
    logger: log.logger,
    onBcAnswer: metrics.observeBcAnswer,
  };
  const manager = new RunManager({
    store: stateStore,
    env: env.env,
    clock,
    logger: log.logger,
    ticker: intervalTicker,
    // A cancel sent to another facade process reaches runs here through the run's row (R3).
    cancelMarks: sqlRunCancelMarks(store.db),
    writeSettleMs: writeSettleMs([config.timeouts.graphMs, config.timeouts.bcMs]),
  });
  return {
    ctx,
    manager,
    metrics,
    log,
    env,
    adminToken: randomBytes(24).toString('base64url'),
    users,
    readiness: auth.readiness,
  };
}

/** The embedded Graph emulator on the app (when `claimAndSeed` said so), saved and stopped at shutdown. */
export async function mountGraph(
  app: FastifyInstance,
  parts: FacadeParts,
  where: { readonly embedded: boolean; readonly dataDir: string },
  shutdown: ShutdownSteps,
): Promise<EmbeddedGraph | null> {
  const { devIssuer, config, db } = parts.ctx;
  if (!where.embedded || !devIssuer) return null;
  const graph = await mountEmbeddedGraph(
    app,
    devIssuer,
    where.dataDir,
    parts.adminToken,
    config.seedDemo ? { match: await firstDemoPerson(db) } : null,
  );
  shutdown.add('graph', async () => {
    await graph.save();
    await graph.stop();
  });
  return graph;
}

/**
 * The jobs that run on their own once the server listens: the scheduler (when on) and the run
 * reaper, which marks runs whose holder died (this machine's killed processes, silent holders
 * elsewhere) interrupted now and at every heartbeat, not when the next run comes (issue 9 §4).
 */
export async function startBackground(
  parts: FacadeParts,
  shutdown: ShutdownSteps,
): Promise<Scheduler | null> {
  const { ctx, manager, metrics } = parts;
  let scheduler: Scheduler | null = null;
  if (ctx.config.scheduler) {
    const started = await startScheduler({
      db: ctx.db,
      manager,
      clock: ctx.clock,
      log: ctx.logger,
      databaseUrl: ctx.config.databaseUrl,
      metrics,
      ticker: intervalTicker,
      tickSeconds: ctx.config.schedulerTickSeconds,
    });
    shutdown.add('scheduler', () => started.stop());
    scheduler = started;
  }
  const stopReaper = await startRunReaper({
    db: ctx.db,
    local: localProcesses(),
    clock: ctx.clock,
    logger: ctx.logger,
    ticker: intervalTicker,
    endedHere: (runId) => manager.endedHere(runId),
    settleMs: writeSettleMs([ctx.config.timeouts.graphMs, ctx.config.timeouts.bcMs]),
    onMarked: (r) => metrics.observe(r),
  });
  shutdown.add('run reaper', stopReaper);
  return scheduler;
}

/** server.json for the CLI on this machine: the URL, the CA and the admin token, readable by the owner only. */
export function announce(dataDir: string, tls: TlsResult, port: string, adminToken: string): () => void {
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(
    file,
    JSON.stringify({
      url: `http${tls.kind === 'https' ? 's' : ''}://127.0.0.1:${port}`,
      ...(tls.kind === 'https' ? { caPath: tls.caPath } : {}),
      adminToken,
      pid: process.pid,
    }),
    // Made 0600 (no moment readable by others); chmod for a file an older start left.
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}
