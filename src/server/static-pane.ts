import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { manifestFor } from '../platform/addin-origin.mjs';

/** The package root, whatever the working directory (npx runs the CLI from anywhere). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PANE_DIR = resolve(PACKAGE_ROOT, 'dist');

type PaneStatus = 'built' | 'building' | 'failed' | 'missing';

export interface MountedPane {
  status(): PaneStatus;
  /** Where the background build writes its output. */
  readonly buildLog: string | null;
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
const MISSING_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Contact Sync</title>' +
  '<p>The task pane is not built. Run <code>npm run build</code> and reload.</p>';

const built = () => existsSync(resolve(PANE_DIR, 'taskpane.html'));

/**
 * Serves the pane's build output (taskpane.html, bundles, assets, manifest) at the root. When it
 * is missing, `npm start` builds it in the background so a fresh clone needs no extra step, and the
 * pane's URL says so meanwhile.
 */
export async function mountPane(
  app: FastifyInstance,
  options: {
    readonly buildIfMissing: boolean;
    readonly logDir: string;
    /** The add-in's origin (addin-origin.mjs), known once the server listens; the manifest names it. */
    readonly origin: () => string;
  },
): Promise<MountedPane> {
  mkdirSync(PANE_DIR, { recursive: true });
  // Wildcard mode looks files up per request, so a build that finishes later is served as is.
  await app.register(fastifyStatic, { root: PANE_DIR, prefix: '/', index: false, wildcard: true });
  let child: ChildProcess | null = null;
  let status: PaneStatus = built() ? 'built' : 'missing';
  let buildLog: string | null = null;
  let buildStartedAt = 0;
  if (status === 'missing' && options.buildIfMissing) {
    const cli = resolve(PACKAGE_ROOT, 'node_modules/webpack-cli/bin/cli.js');
    if (existsSync(cli)) {
      buildLog = resolve(options.logDir, 'pane-build.log');
      const out = openSync(buildLog, 'w');
      child = spawn(process.execPath, [cli, '--mode', 'production'], {
        cwd: PACKAGE_ROOT,
        stdio: ['ignore', out, out],
      });
      status = 'building';
      buildStartedAt = Date.now();
      child.on('exit', (code) => {
        child = null;
        status = code === 0 && built() ? 'built' : 'failed';
        app.log.info({ status, log: buildLog }, 'task pane build finished');
      });
    }
  }
  app.get('/taskpane.html', async (_req, reply) => {
    if (built()) return reply.sendFile('taskpane.html');
    return reply
      .type('text/html')
      .send(status === 'building' ? buildingPage(Date.now() - buildStartedAt) : MISSING_PAGE);
  });
  // From the source, not dist/: the build wrote dist/manifest.xml for the origin of its own
  // environment, while this server knows where it really listens (PORT, HTTPS, PUBLIC_ORIGIN).
  app.get('/manifest.xml', async (_req, reply) =>
    reply
      .type('text/xml; charset=utf-8')
      .send(manifestFor(readFileSync(resolve(PACKAGE_ROOT, 'manifest.xml'), 'utf8'), options.origin())),
  );
  return {
    status: () => status,
    buildLog,
    stop: () => {
      child?.kill('SIGTERM');
      child = null;
    },
  };
}
