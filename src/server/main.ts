import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ShutdownSteps } from '../platform/shutdown.js';
import { systemClock } from '../platform/system-clock.js';
import { sqlUserDirectory } from './auth/user-directory.js';
import { addinOrigin } from '../platform/addin-origin.mjs';
import { buildApp } from './app.js';
import type { FacadeConfig } from './config.js';
import type { FacadeContext } from './context.js';
import { serverEnvironment } from './embedded/environment.js';
import type { EmbeddedGraph } from './embedded/graph.js';
import { makeDataDir } from './data-dir.js';
import { tryListen } from '../platform/listen-probe.js';
import { devCertificate } from './embedded/https.js';
import type { TlsResult } from './embedded/https.js';
import type { Scheduler } from './scheduler.js';
import { mountPane } from './static-pane.js';
import type { MountedPane } from './static-pane.js';
import { writeAddinManifest } from './addin-manifest.js';
import type { RunManager } from './sync/run-manager.js';
import { checkUserPlace } from './user-place.js';
import { logDestination, openLogFile } from './log-file.js';
import type { LogDestination } from './log-file.js';
import type { PlaceCheck } from './user-place.js';
import {
  announce,
  claimAndSeed,
  facadeAppOptions,
  facadeAuth,
  facadeParts,
  mountGraph,
  openFacadeStore,
  startBackground,
  startConfig,
} from './start-parts.js';
import type { LateParts } from './start-parts.js';

export { ConfigError, SERVER_FILE } from './announce.js';

export interface StartOptions {
  /** Environment to read the configuration from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides of what the environment says (tests and the CLI). */
  readonly overrides?: Partial<FacadeConfig>;
  /** Write server.json (URL and CLI admin token) into the data dir (default true). */
  readonly announce?: boolean;
  /** Where the (redacted) JSON log lines go, whatever LOG_FILE says; tests scan them. */
  readonly logStream?: NodeJS.WritableStream;
  /**
   * The user (UPN or key) the caller starts the product to run for (the CLI): in entra mode looked
   * up as soon as the store is open, so an unknown UPN refuses the start (UserDirectory.resolve's
   * HttpError) before the Graph, the seed and the pane start (F118). Dev mode invents users, after
   * the seed, so it is not looked up here.
   */
  readonly runsFor?: string;
}

export interface RunningServer {
  /** This machine's URL of the server, e.g. `https://localhost:3000`. */
  readonly url: string;
  /** Where the JSON log lines go (LOG_FILE; the banner says), or the stream the caller gave. */
  readonly log: LogDestination | { readonly kind: 'given' };
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

/**
 * The whole product in one process: facade, sync API, Graph emulator, dev issuer, pane, scheduler.
 * Wiring only: each part is made by its own step (start-parts.ts), and each step adds its undo to
 * one shutdown list, so `close()` (or a failed start) undoes them in reverse order, each awaited:
 * the runs first (they record themselves interrupted while the store and Graph are open), then the
 * CLI's file, the background jobs, the pane, Graph, the HTTP server, and the store last.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = startConfig(options);
  // A port another process holds is refused before the data folder, the store or the pane build start.
  await tryListen(config.port, config.host);
  const dataDir = resolve(config.dataDir);
  makeDataDir(dataDir);
  const shutdown = new ShutdownSteps();
  try {
    const log = serverLog(
      options.logStream,
      logDestination({ ...config, dataDir }, process.stdout.isTTY === true),
    );
    if (log.close) shutdown.add('log', log.close);
    const store = await openFacadeStore(config, dataDir, shutdown);
    if (options.runsFor !== undefined && config.auth.mode !== 'dev')
      await sqlUserDirectory(store.db, systemClock, false).resolve(options.runsFor);
    const auth = await facadeAuth(config);
    const embedded = await claimAndSeed(config, dataDir, store, auth, shutdown);
    const tls: TlsResult = config.https ? await devCertificate() : { kind: 'http', reason: 'HTTPS=0' };
    const parts = facadeParts(config, store, auth);
    const { ctx, manager, env } = parts;
    const place = (user: string) => checkUserPlace({ ctx, env: env.env }, user);
    // Both are known only later (the scheduler once the server listens, the origin its port);
    // no request is answered before.
    const late: LateParts = { scheduler: null, origin: '' };
    const app = await buildApp(facadeAppOptions(parts, { tls, logStream: log.stream, late, place }));
    shutdown.add('http', () => app.close());
    parts.log.bind(app);
    const graph = await mountGraph(app, parts, { embedded, dataDir }, shutdown);
    const pane = await mountPane(app, {
      buildIfMissing: config.buildPane,
      logDir: dataDir,
      origin: () => late.origin,
    });
    shutdown.add('pane', () => pane.stop());
    await app.ready();
    env.bind(await serverEnvironment({ app, ctx }));
    const port = new URL(await app.listen({ port: config.port, host: config.host })).port;
    late.origin = addinOrigin({ publicOrigin: config.publicOrigin, https: tls.kind === 'https', port });
    const manifestFile = writeAddinManifest(dataDir, late.origin);
    late.scheduler = await startBackground(parts, shutdown);
    if (options.announce ?? true) shutdown.add('server.json', announce(dataDir, tls, port, parts.adminToken));
    // Runs can start from here on (HTTP, schedule, CLI), so they are the first thing shutdown stops.
    shutdown.add('runs', () => manager.close());
    const url = `${tls.kind === 'https' ? 'https' : 'http'}://localhost:${port}`;
    const { origin: addin, scheduler } = late;
    return {
      url,
      log: log.destination,
      addinOrigin: addin,
      manifestFile,
      app,
      ctx,
      manager,
      tls,
      pane,
      graph,
      scheduler,
      checkUserPlace: place,
      stopOrder: shutdown.order,
      close: () => shutdown.run(),
    };
  } catch (e) {
    await shutdown.run();
    throw e;
  }
}

/** The log's stream: the caller's (tests), else LOG_FILE's file, else pino's own standard output. */
function serverLog(
  given: NodeJS.WritableStream | undefined,
  destination: LogDestination,
): {
  readonly stream: NodeJS.WritableStream | undefined;
  readonly destination: RunningServer['log'];
  readonly close?: () => Promise<void>;
} {
  if (given) return { stream: given, destination: { kind: 'given' } };
  if (destination.kind === 'stdout') return { stream: undefined, destination };
  const file = openLogFile(destination.path);
  return { stream: file.stream, destination, close: file.close };
}
