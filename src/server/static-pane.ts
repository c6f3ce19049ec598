import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The package root, whatever the working directory (npx runs the CLI from anywhere). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PANE_DIR = resolve(PACKAGE_ROOT, 'dist');

/** The pane's build output (taskpane.html, bundles, assets, manifest) at the root, when present. */
export async function mountPane(app: FastifyInstance): Promise<boolean> {
  if (existsSync(resolve(PANE_DIR, 'taskpane.html'))) {
    await app.register(fastifyStatic, { root: PANE_DIR, prefix: '/', index: false, wildcard: true });
    return true;
  }
  const assets = resolve(PACKAGE_ROOT, 'assets');
  if (existsSync(assets))
    await app.register(fastifyStatic, { root: assets, prefix: '/assets/', decorateReply: false });
  app.get('/taskpane.html', async (_req, reply) =>
    reply
      .type('text/html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Contact Sync</title>' +
          '<p>The task pane is not built yet. Run <code>npm run build</code> and reload.</p>',
      ),
  );
  return false;
}
