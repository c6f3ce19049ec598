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
export type PaneStatus = 'built' | 'building' | 'failed' | 'missing' | 'stale';

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
 *
 * It waits by itself with WAITING_SCRIPT, never by reloading (F125: its `<meta http-equiv=refresh>`
 * reloaded it every 5 s, so a server stopped or killed meanwhile turned the open page into the
 * browser's "This site can't be reached"): the page stays and asks again, and goes to the pane only
 * once the server answers with something other than this page.
 * @internal
 */
export function buildingPage(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000));
  const elapsed = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return (
    `<!doctype html><meta charset="utf-8"><title>Contact Sync</title><script src="${WAITING_SCRIPT_PATH}" defer></script>` +
    `<p id="${WAITING_TEXT_ID}">The task pane is being built: started ${elapsed} ago. This takes about a minute on a quiet ` +
    'machine and several minutes on a busy one; this page opens the pane by itself when it is ready.</p>' +
    '<p>The build log is <code>pane-build.log</code> in the data folder.</p>'
  );
}

/** The icon answered at /favicon.ico (the manifest's 32 px icon), relative to the package root. */
const FAVICON = 'assets/icon-32.png';
/** The answer header that says which page `/taskpane.html` served: the waiting script reads it. */
const PANE_STATUS_HEADER = 'x-pane-status';
const WAITING_TEXT_ID = 'pane-wait';
const WAITING_SCRIPT_PATH = '/pane-waiting.js';
/** How often the waiting page asks again. */
const WAITING_POLL_MS = 5000;

/**
 * The waiting page's script (a file of the server's own, so the pane's Content-Security-Policy,
 * scripts from 'self' only, admits it; dist/ is being rewritten meanwhile). Every 5 s it asks for
 * the page again, each ask ended within 5 s: still building, it updates the elapsed time; the
 * server not answering (stopped, restarting, silent), it says so and keeps asking; any other answer (the built pane, a failed build), it
 * loads the page, once.
 */
const WAITING_SCRIPT = `(() => {
  const text = () => document.getElementById(${JSON.stringify(WAITING_TEXT_ID)});
  const ask = async () => {
    try {
      const res = await fetch(location.href, { cache: 'no-store', signal: AbortSignal.timeout(${WAITING_POLL_MS}) });
      if (res.ok && res.headers.get(${JSON.stringify(PANE_STATUS_HEADER)}) !== 'building') return location.reload();
      const html = await res.text();
      const now = new DOMParser().parseFromString(html, 'text/html').getElementById(${JSON.stringify(WAITING_TEXT_ID)});
      if (now && text()) text().textContent = now.textContent;
    } catch {
      if (text()) text().textContent = 'The server does not answer: it may be restarting. This page keeps asking and opens the pane by itself when it is ready.';
    }
    setTimeout(ask, ${WAITING_POLL_MS});
  };
  setTimeout(ask, ${WAITING_POLL_MS});
})();
`;

/** A bundle whose name holds its content hash (webpack `[name].[contenthash:8].js`), compressed or not. */
const CONTENT_HASHED = /\.[0-9a-f]{8}\.(?:js|css)(?:\.(?:br|gz))?$/;

/**
 * The Cache-Control of a file of the pane (F36): a content-hashed bundle never changes under its
 * name (a new build names it anew), so browsers keep it a year without asking; the pages, the
 * fixed-name loader and the assets are revalidated (ETag, Last-Modified) on every load.
 * @internal
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
    const serving = status !== 'building' && built() ? 'built' : status;
    reply.header(PANE_STATUS_HEADER, serving);
    if (serving === 'built') return reply.sendFile('taskpane.html');
    return reply
      .type('text/html')
      .header('cache-control', 'no-cache')
      .send(
        status === 'building'
          ? buildingPage(Date.now() - buildStartedAt)
          : status === 'failed'
            ? FAILED_PAGE
            : MISSING_PAGE,
      );
  });
  // The banner names the server's origin (the manifest's add-in origin): opened in a browser it
  // shows the pane, not a 404 (helper newuser).
  app.get('/', async (_req, reply) => reply.redirect('/taskpane.html'));
  // Browsers ask every page's origin for /favicon.ico (the waiting page, /docs, a JSON answer
  // opened by hand): the add-in's own icon, from the sources so it is there before any build, not
  // a 404 the request log warns about each time (helper newuser).
  app.get('/favicon.ico', async (_req, reply) =>
    reply
      .type('image/png')
      .header('cache-control', 'no-cache')
      .send(readFileSync(resolve(root, FAVICON))),
  );
  app.get(WAITING_SCRIPT_PATH, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(WAITING_SCRIPT),
  );
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
