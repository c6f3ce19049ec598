import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../platform/system-clock.js';
import { ShutdownSteps } from '../platform/shutdown.js';
import { intervalTicker } from '../platform/ticker.js';
import { openStore } from '../store/open-store.js';
import { DEMO_COMPANY_ID, seedDemoCompany } from '../store/demo-seed.js';
import { getCompany } from '../store/bc-repository.js';
import { grantMembership } from '../store/company-members.js';
import type { Db } from '../store/db.js';
import { DEMO_USER } from './embedded/demo-mailbox.js';
import { ConfigError, SERVER_FILE } from './announce.js';
import { buildApp } from './app.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from './auth/dev-issuer.js';
import type { DevIssuer } from './auth/dev-issuer.js';
import { sqlUserDirectory } from './auth/user-directory.js';
import { entraVerifier } from './auth/verify.js';
import type { TokenVerifier } from './auth/verify.js';
import { devModeExposure, loadConfig, serverGraph } from './config.js';
import type { FacadeConfig } from './config.js';
import type { FacadeContext } from './context.js';
import { firstDemoPerson } from './embedded/demo-match.js';
import { serverEnvironment } from './embedded/environment.js';
import { mountEmbeddedGraph } from './embedded/graph.js';
import { ownEmbeddedGraph } from './embedded/graph-owner.js';
import type { EmbeddedGraph } from './embedded/graph.js';
import { devCertificate } from './embedded/https.js';
import type { TlsResult } from './embedded/https.js';
import { createRunMetrics, observeRuns } from './observability.js';
import { facadeLoggerOptions } from './log-redaction.js';
import { startScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import { mountPane } from './static-pane.js';
import { addinOrigin } from '../platform/addin-origin.mjs';
import { writeAddinManifest } from './addin-manifest.js';
import type { MountedPane } from './static-pane.js';
import { RunManager } from './sync/run-manager.js';
import { startRunReaper } from './run-reaper.js';
import { lateEnvironment, lateLogger } from './late-bound.js';
import { checkUserPlace } from './user-place.js';
import type { PlaceCheck } from './user-place.js';
import { databaseProblemLine } from './database-problem.js';
import { PostgresConnectError } from '../store/postgres-connect.js';
import { localProcesses } from '../platform/local-process.js';

export { ConfigError, SERVER_FILE } from './announce.js';

export interface StartOptions {
  /** Environment to read the configuration from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides of what the environment says (tests and the CLI). */
  readonly overrides?: Partial<FacadeConfig>;
  /** Write server.json (URL and CLI admin token) into the data dir (default true). */
  readonly announce?: boolean;
  /** Where the (redacted) JSON log lines go (default stdout); tests scan them. */
  readonly logStream?: NodeJS.WritableStream;
}

export interface RunningServer {
  /** This machine's URL of the server, e.g. `https://localhost:3000`. */
  readonly url: string;
  /** The add-in's public origin (addin-origin.mjs): what the served manifest names. */
  readonly addinOrigin: string;
  /** The manifest for that origin, written to DATA_DIR at start: the file to sideload (F39). */
  readonly manifestFile: string;
  readonly app: FastifyInstance;
  readonly ctx: FacadeContext;
  readonly manager: RunManager;
  readonly tls: TlsResult;
  readonly pane: MountedPane;
  readonly graph: EmbeddedGraph | null;
  readonly scheduler: Scheduler | null;
  /** `doctor --user`: where this user's server-side runs would sync, checked read only (user-place.ts). */
  checkUserPlace(user: string): Promise<PlaceCheck[]>;
  /** What `close()` stops, in its order (the reverse of the start). */
  readonly stopOrder: readonly string[];
  close(): Promise<void>;
}

/** The configuration: the environment (validated), then the caller's overrides, checked again for exposure. */
function startConfig(options: StartOptions): FacadeConfig {
  const loaded = loadConfig(options.env ?? process.env);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  const config: FacadeConfig = { ...loaded.config, ...options.overrides };
  const exposed = devModeExposure(config);
  if (exposed !== null) throw new ConfigError([exposed]);
  return config;
}

/** How bearer tokens are checked: the dev issuer (dev mode) or Entra's keys (entra mode). */
async function facadeAuth(config: FacadeConfig): Promise<{
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

/** The demo company, and in dev mode the demo user's membership of it (issue 10 §2); idempotent. */
async function seedDemo(db: Db, devIssuer: DevIssuer | null): Promise<void> {
  await seedDemoCompany(db, systemClock);
  // An upgraded store seeded before memberships existed gets it too. Dev mode only: in entra mode
  // an admin grants.
  if (devIssuer && (await getCompany(db, DEMO_COMPANY_ID)))
    await grantMembership(db, devUserKey(DEMO_USER), DEMO_COMPANY_ID, 'demo seed');
}

/** server.json for the CLI on this machine: the URL, the CA and the admin token, readable by the owner only. */
function announce(dataDir: string, tls: TlsResult, port: string, adminToken: string): () => void {
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(
    file,
    JSON.stringify({
      url: `http${tls.kind === 'https' ? 's' : ''}://127.0.0.1:${port}`,
      ...(tls.kind === 'https' ? { caPath: tls.caPath } : {}),
      adminToken,
      pid: process.pid,
    }),
  );
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}

/**
 * The whole product in one process: facade, sync API, Graph emulator, dev issuer, pane, scheduler.
 * Wiring only: each part is made by its own module, and each start step adds its undo to one
 * shutdown list, so `close()` (or a failed start) undoes them in reverse order, each awaited: the
 * runs first (they record themselves interrupted while the store and Graph are open), then the
 * CLI's file, the scheduler, the pane, Graph, the HTTP server, and the store last.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = startConfig(options);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const shutdown = new ShutdownSteps();
  try {
    const store = await openStore(
      config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(dataDir, 'pglite') },
    ).catch((e: unknown) => {
      // DATABASE_URL names a server that cannot be used: a configuration to fix, in one line.
      throw e instanceof PostgresConnectError ? new ConfigError([databaseProblemLine(e.problem)]) : e;
    });
    shutdown.add('store', () => store.close());
    const clock = systemClock;
    const auth = await facadeAuth(config);
    const embeddedGraph = serverGraph(config).kind === 'emulator' && auth.devIssuer !== null;
    // Before the seed: a second process on this database is refused before it writes anything.
    if (embeddedGraph) shutdown.add('graph owner', await ownEmbeddedGraph(dataDir, config.databaseUrl));
    if (config.seedDemo) await seedDemo(store.db, auth.devIssuer);
    const tls: TlsResult = config.https ? await devCertificate() : { kind: 'http', reason: 'HTTPS=0' };
    const log = lateLogger();
    const env = lateEnvironment();
    const adminToken = randomBytes(24).toString('base64url');
    const users = sqlUserDirectory(store.db, clock, auth.devIssuer !== null);
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
    });
    const running: { scheduler: Scheduler | null } = { scheduler: null };
    const app = await buildApp({
      ctx,
      metrics,
      readiness: {
        // The job queue is ready once the scheduler started (when it is on).
        queue: async () => {
          if (config.scheduler && running.scheduler === null)
            throw new Error('the scheduler has not started');
        },
        ...auth.readiness,
      },
      fastify: {
        logger: facadeLoggerOptions(config.logLevel, options.logStream),
        ...(tls.kind === 'https' ? { https: { key: tls.key, cert: tls.cert } } : {}),
        // Behind a reverse proxy: its X-Forwarded-* give the client's address and scheme (TRUST_PROXY).
        ...(config.trustProxy.length > 0 ? { trustProxy: [...config.trustProxy] } : {}),
      },
      sync: { env: env.env, manager },
      scheduler: () => running.scheduler,
      cli: {
        adminToken,
        manager,
        users,
        place: (user) => checkUserPlace({ ctx, env: env.env }, user),
      },
    });
    shutdown.add('http', () => app.close());
    log.bind(app);
    const graph =
      embeddedGraph && auth.devIssuer
        ? await mountEmbeddedGraph(
            app,
            auth.devIssuer,
            dataDir,
            adminToken,
            config.seedDemo ? { match: await firstDemoPerson(store.db) } : null,
          )
        : null;
    if (graph)
      shutdown.add('graph', async () => {
        await graph.save();
        await graph.stop();
      });
    // Set once the server listens (its port); no request is answered before.
    let origin = '';
    const pane = await mountPane(app, {
      buildIfMissing: config.buildPane,
      logDir: dataDir,
      origin: () => origin,
    });
    shutdown.add('pane', () => pane.stop());
    await app.ready();
    env.bind(await serverEnvironment({ app, ctx }));
    const port = new URL(await app.listen({ port: config.port, host: config.host })).port;
    origin = addinOrigin({ publicOrigin: config.publicOrigin, https: tls.kind === 'https', port });
    const manifestFile = writeAddinManifest(dataDir, origin);
    if (config.scheduler) {
      const scheduler = await startScheduler({
        db: store.db,
        manager,
        clock,
        log: log.logger,
        databaseUrl: config.databaseUrl,
        metrics,
        ticker: intervalTicker,
        tickSeconds: config.schedulerTickSeconds,
      });
      running.scheduler = scheduler;
      shutdown.add('scheduler', () => scheduler.stop());
    }
    // Runs whose holder died (this machine's killed processes, silent holders elsewhere) are
    // marked interrupted now and at every heartbeat, not when the next run comes (issue 9 §4).
    const stopReaper = await startRunReaper({
      db: store.db,
      local: localProcesses(),
      clock,
      logger: log.logger,
      ticker: intervalTicker,
      onMarked: (r) => metrics.observe(r),
    });
    shutdown.add('run reaper', stopReaper);
    if (options.announce ?? true) shutdown.add('server.json', announce(dataDir, tls, port, adminToken));
    // Runs can start from here on (HTTP, schedule, CLI), so they are the first thing shutdown stops.
    shutdown.add('runs', () => manager.close());
    return {
      url: `${tls.kind === 'https' ? 'https' : 'http'}://localhost:${port}`,
      addinOrigin: origin,
      manifestFile,
      app,
      ctx,
      manager,
      tls,
      pane,
      graph,
      scheduler: running.scheduler,
      checkUserPlace: (user) => checkUserPlace({ ctx, env: env.env }, user),
      stopOrder: shutdown.order,
      close: () => shutdown.run(),
    };
  } catch (e) {
    await shutdown.run();
    throw e;
  }
}
