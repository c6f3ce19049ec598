import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/ports.js';
import { systemClock } from '../platform/system-clock.js';
import { intervalTicker } from '../platform/ticker.js';
import { openStore } from '../store/open-store.js';
import { DEMO_COMPANY_ID, seedDemoCompany } from '../store/demo-seed.js';
import { getCompany } from '../store/bc-repository.js';
import { grantMembership } from '../store/company-members.js';
import { DEMO_USER } from './embedded/demo-mailbox.js';
import { ConfigError, SERVER_FILE } from './announce.js';
import { buildApp } from './app.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from './auth/dev-issuer.js';
import { sqlUserDirectory } from './auth/user-directory.js';
import { entraVerifier } from './auth/verify.js';
import { devModeExposure, loadConfig } from './config.js';
import type { FacadeConfig } from './config.js';
import type { FacadeContext } from './context.js';
import { firstDemoPerson } from './embedded/demo-match.js';
import { serverEnvironment } from './embedded/environment.js';
import { mountEmbeddedGraph } from './embedded/graph.js';
import type { EmbeddedGraph } from './embedded/graph.js';
import { devCertificate } from './embedded/https.js';
import type { TlsResult } from './embedded/https.js';
import { internalRoutes } from './internal-routes.js';
import { createRunMetrics, observeRuns } from './observability.js';
import { facadeLoggerOptions } from './log-redaction.js';
import { startScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import { scheduleRoutes } from './schedule-routes.js';
import { mountPane } from './static-pane.js';
import type { MountedPane } from './static-pane.js';
import { RunManager } from './sync/run-manager.js';
import type { SyncEnvironment } from './sync/run-manager.js';

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
  readonly url: string;
  readonly app: FastifyInstance;
  readonly ctx: FacadeContext;
  readonly manager: RunManager;
  readonly tls: TlsResult;
  readonly pane: MountedPane;
  readonly graph: EmbeddedGraph | null;
  readonly scheduler: Scheduler | null;
  close(): Promise<void>;
}

/**
 * The core's Logger on the app's pino logger (with its redaction), bound late: the run manager is
 * made before the app whose logger it writes to.
 */
function coreLogger(appRef: { current: FastifyInstance | null }): Logger {
  return {
    debug: (o, m) => appRef.current?.log.debug(o, m),
    info: (o, m) => appRef.current?.log.info(o, m),
    warn: (o, m) => appRef.current?.log.warn(o, m),
    error: (o, m) => appRef.current?.log.error(o, m),
  };
}

/** The whole product in one process: facade, sync API, Graph emulator, dev issuer, pane, scheduler. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const loaded = loadConfig(options.env ?? process.env);
  if (!loaded.ok) throw new ConfigError(loaded.errors);
  const config: FacadeConfig = { ...loaded.config, ...options.overrides };
  const exposed = devModeExposure(config);
  if (exposed !== null) throw new ConfigError([exposed]);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(dataDir, 'pglite') },
  );
  const cleanups: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    const clock = systemClock;
    const devIssuer = config.auth.mode === 'dev' ? await createDevIssuer() : null;
    const entra =
      config.auth.mode === 'entra'
        ? entraVerifier({
            tenantId: config.auth.tenantId,
            audiences: config.auth.audiences,
            authority: config.auth.authority,
          })
        : null;
    const verifyToken = devIssuer
      ? devTokenVerifier(devIssuer)
      : (entra ??
        (() => {
          throw new Error('unreachable');
        })());
    if (config.seedDemo) {
      await seedDemoCompany(store.db, clock);
      // The demo user may use the demo company (issue 10 §2); idempotent, so an upgraded store
      // seeded before memberships existed gets it too. Dev mode only: in entra mode an admin grants.
      if (devIssuer && (await getCompany(store.db, DEMO_COMPANY_ID)))
        await grantMembership(store.db, devUserKey(DEMO_USER), DEMO_COMPANY_ID, 'demo seed');
    }
    const tls: TlsResult = config.https ? await devCertificate() : { kind: 'http', reason: 'HTTPS=0' };

    let real: SyncEnvironment | null = null;
    const env: SyncEnvironment = {
      bcContacts: (u, io) => (real as SyncEnvironment).bcContacts(u, io),
      mailboxFor: (u, io) => (real as SyncEnvironment).mailboxFor(u, io),
    };
    const logger = facadeLoggerOptions(config.logLevel, options.logStream);
    const appRef: { current: FastifyInstance | null } = { current: null };
    const log = coreLogger(appRef);
    let ctx: FacadeContext | null = null;
    let manager: RunManager | null = null;
    let graph: EmbeddedGraph | null = null;
    const paneRef: { current: MountedPane | null } = { current: null };
    let scheduler: Scheduler | null = null;
    const adminToken = randomBytes(24).toString('base64url');
    const users = sqlUserDirectory(store.db, clock, devIssuer !== null);
    // Every run of this process (API, pane, schedule, CLI) saves its record through this store.
    const metrics = createRunMetrics();
    const stateStore = observeRuns(store.stateStore, metrics);
    const app = await buildApp({
      metrics,
      // The job queue is ready once the scheduler started (when it is on).
      readiness: {
        queue: async () => {
          if (config.scheduler && scheduler === null) throw new Error('the scheduler has not started');
        },
        // Entra's signing keys: without them no token verifies. Dev mode's keys are in the process.
        ...(entra ? { keys: entra.keysReachable } : {}),
      },
      ctx: (ctx = {
        config,
        db: store.db,
        stateStore,
        verifyToken,
        devIssuer,
        users,
        clock,
        logger: log,
      }),
      fastify: {
        logger,
        ...(tls.kind === 'https' ? { https: { key: tls.key, cert: tls.cert } } : {}),
        bodyLimit: 10 * 1024 * 1024,
      },
      sync: {
        env,
        manager: (manager = new RunManager({
          store: stateStore,
          env,
          clock,
          logger: log,
          ticker: intervalTicker,
        })),
      },
      mount: async (a) => {
        if (!config.graphBaseUrl && devIssuer) {
          const demo = config.seedDemo ? { match: await firstDemoPerson(store.db) } : null;
          graph = await mountEmbeddedGraph(a, devIssuer, dataDir, adminToken, demo);
        }
        await a.register(internalRoutes, {
          prefix: '/internal',
          adminToken,
          manager: manager as RunManager,
          users,
        });
        await a.register(scheduleRoutes, {
          prefix: '/sync/v1',
          ctx: ctx as FacadeContext,
          scheduler: () => scheduler,
        });
        paneRef.current = await mountPane(a, { buildIfMissing: config.buildPane, logDir: dataDir });
      },
    });
    cleanups.unshift(() => app.close());
    const mounted = paneRef.current;
    if (mounted) cleanups.unshift(() => mounted.stop());
    if (graph) {
      const g: EmbeddedGraph = graph;
      cleanups.unshift(() => {
        g.save();
        g.stop();
      });
    }
    appRef.current = app;
    await app.ready();
    real = await serverEnvironment({ app, ctx: ctx as FacadeContext });
    const address = await app.listen({ port: config.port, host: config.host });
    const port = new URL(address).port;
    const url = `${tls.kind === 'https' ? 'https' : 'http'}://localhost:${port}`;
    if (config.scheduler) {
      scheduler = await startScheduler({
        db: store.db,
        manager,
        clock,
        log,
        databaseUrl: config.databaseUrl,
        metrics,
      });
      const s = scheduler;
      cleanups.unshift(() => s.stop());
    }
    if (options.announce ?? true) {
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
      cleanups.unshift(() => rmSync(file, { force: true }));
    }
    const m = manager as RunManager;
    return {
      url,
      app,
      ctx,
      manager: m,
      tls,
      pane: paneRef.current as MountedPane,
      graph,
      scheduler,
      close: async () => {
        // Runs first, while the store and the embedded Graph are still open: each records itself
        // interrupted instead of staying `running` behind a closed store (issue 9 §4).
        await m.close();
        for (const c of cleanups.splice(0)) await c();
      },
    };
  } catch (e) {
    for (const c of cleanups.splice(0)) await c();
    throw e;
  }
}
