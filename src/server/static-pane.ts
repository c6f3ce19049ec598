import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { manifestFor } from '../platform/addin-origin.mjs';
import { PANE_SOURCES, PANE_STAMP, buildState } from '../platform/source-freshness.mjs';

/** The package root, whatever the working directory (npx runs the CLI from anywhere). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `stale`: dist/ is older than one of the pane's sources (a `git pull` or an edit since the last
 * build) and no build was started (PANE_BUILD=0); it is served as it is.
 */
type PaneStatus = 'built' | 'building' | 'failed' | 'missing' | 'stale';

export interface MountedPane {
  status(): PaneStatus;
  /** Where the background build writes its output. */
  readonly buildLog: string | null;
  /** A pane source newer than the build found at start (relative to the package root), or null. */
  readonly newerSource: string | null;
  /** Resolves with the final status once a build started at mount has ended (at once without one). */
  readonly settled: Promise<PaneStatus>;
  stop(): void;
}

/**
 * The page served while the background build runs. It states how long the build has run instead of
 * promising a duration: webpack takes about a minute on a quiet 2-core machine and ten or more
 * under load (measured: 65 s quiet, 670 s at load 25).
 */
export function buildingPage(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000));
  const elapsed = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return (
    '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Contact Sync</title>' +
    `<p>The task pane is being built: started ${elapsed} ago. This takes about a minute on a quiet ` +
    'machine and several minutes on a busy one; this page reloads by itself.</p>' +
    '<p>The build log is <code>pane-build.log</code> in the data folder.</p>'
  );
}
/** A bundle whose name holds its content hash (webpack `[name].[contenthash:8].js`), compressed or not. */
const CONTENT_HASHED = /\.[0-9a-f]{8}\.(?:js|css)(?:\.(?:br|gz))?$/;

/**
 * The Cache-Control of a file of the pane (F36): a content-hashed bundle never changes under its
 * name (a new build names it anew), so browsers keep it a year without asking; the pages, the
 * fixed-name loader and the assets are revalidated (ETag, Last-Modified) on every load.
 */
export function paneCacheControl(path: string): string {
  return CONTENT_HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const MISSING_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Contact Sync</title>' +
  '<p>The task pane is not built. Run <code>npm run build</code> and reload.</p>';
const FAILED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Contact Sync</title>' +
  '<p>The task pane build failed. Its log is <code>pane-build.log</code> in the data folder; ' +
  'fix what it names, run <code>npm run build</code> and reload.</p>';

/**
 * Serves the pane's build output (taskpane.html, bundles, assets, manifest) at the root. When it
 * is missing, or older than the pane's sources (F26: a `git pull` since the last build), `npm start`
 * builds it in the background so the user never gets yesterday's pane, and the pane's URL says so
 * meanwhile. `root` is the package root (tests give a scratch one).
 */
export async function mountPane(
  app: FastifyInstance,
  options: {
    readonly buildIfMissing: boolean;
    readonly logDir: string;
    /** The add-in's origin (addin-origin.mjs), known once the server listens; the manifest names it. */
    readonly origin: () => string;
    readonly root?: string;
  },
): Promise<MountedPane> {
  const root = options.root ?? PACKAGE_ROOT;
  const paneDir = resolve(root, 'dist');
  const built = () => existsSync(resolve(paneDir, 'taskpane.html'));
  mkdirSync(paneDir, { recursive: true });
  // Wildcard mode looks files up per request, so a build that finishes later is served as is.
  // F36: the build's .br/.gz beside each file are sent to a browser that accepts them, and a
  // bundle named by its content hash is cached for good; everything else is revalidated.
  await app.register(fastifyStatic, {
    root: paneDir,
    prefix: '/',
    index: false,
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => reply.header('cache-control', paneCacheControl(path)),
  });
  let child: ChildProcess | null = null;
  const found = buildState(root, PANE_STAMP, PANE_SOURCES);
  const newerSource = found.state === 'stale' ? found.newerSource : null;
  let status: PaneStatus = found.state === 'current' ? 'built' : found.state;
  let buildLog: string | null = null;
  let buildStartedAt = 0;
  let settle: (final: PaneStatus) => void = () => undefined;
  const settled = new Promise<PaneStatus>((resolveSettled) => (settle = resolveSettled));
  if (status !== 'built' && options.buildIfMissing) {
    const cli = resolve(root, 'node_modules/webpack-cli/bin/cli.js');
    if (existsSync(cli)) {
      buildLog = resolve(options.logDir, 'pane-build.log');
      const out = openSync(buildLog, 'w');
      child = spawn(process.execPath, [cli, '--mode', 'production'], {
        cwd: root,
        stdio: ['ignore', out, out],
      });
      status = 'building';
      buildStartedAt = Date.now();
      child.on('exit', (code) => {
        child = null;
        status = code === 0 && built() ? 'built' : 'failed';
        app.log.info({ status, log: buildLog }, 'task pane build finished');
        settle(status);
      });
    }
  }
  if (status !== 'building') settle(status);
  app.get('/taskpane.html', async (_req, reply) => {
    // While a rebuild runs, dist/ still holds (part of) the old pane: the waiting page instead.
    if (status !== 'building' && built()) return reply.sendFile('taskpane.html');
    return reply
      .type('text/html')
      .send(
        status === 'building'
          ? buildingPage(Date.now() - buildStartedAt)
          : status === 'failed'
            ? FAILED_PAGE
            : MISSING_PAGE,
      );
  });
  // From the source, not dist/: the build wrote dist/manifest.xml for the origin of its own
  // environment, while this server knows where it really listens (PORT, HTTPS, PUBLIC_ORIGIN).
  app.get('/manifest.xml', async (_req, reply) =>
    reply
      .type('text/xml; charset=utf-8')
      .send(manifestFor(readFileSync(resolve(root, 'manifest.xml'), 'utf8'), options.origin())),
  );
  return {
    status: () => status,
    buildLog,
    newerSource,
    settled,
    stop: () => {
      child?.kill('SIGTERM');
      child = null;
    },
  };
}
