import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  createGraphEmulator,
  emulatorAdminPlugin,
  exportSeed,
  graphApiPlugin,
} from '../../emulator/index.js';
import type { GraphEmulator, SeedData } from '../../emulator/index.js';
import type { DevIssuer } from '../auth/dev-issuer.js';
import { GRAPH_AUDIENCE, devObjectId } from '../auth/dev-issuer.js';
import { demoMailboxSeed } from './demo-mailbox.js';

export interface EmbeddedGraph {
  readonly emulator: GraphEmulator;
  /** Saves the mailboxes to the data dir (also done every few seconds while they change). */
  save(): void;
  stop(): void;
}

/**
 * The Graph emulator inside `npm start`, at /graph/v1.0, trusting the dev issuer. Its mailboxes are
 * kept in DATA_DIR so they survive restarts alongside the links in the store.
 */
export async function mountEmbeddedGraph(
  app: FastifyInstance,
  issuer: DevIssuer,
  dataDir: string,
  /** The secret /_emulator/* requires in X-Admin-Token (the one server.json announces). */
  adminToken: string,
  /** Demo data for a first start; null keeps the mailboxes empty. */
  demo: { match: { email: string; givenName: string; surname: string } | null } | null,
): Promise<EmbeddedGraph> {
  const file = join(dataDir, 'graph-emulator.json');
  let seed: SeedData | undefined;
  if (existsSync(file)) seed = JSON.parse(readFileSync(file, 'utf8')) as SeedData;
  else if (demo) seed = demoMailboxSeed(devObjectId, demo.match);
  const emulator = await createGraphEmulator({
    auth: { issuer: issuer.issuer, audience: GRAPH_AUDIENCE, jwks: issuer.jwks },
    ...(seed ? { seed } : {}),
  });
  await app.register(graphApiPlugin, { emulator, prefix: '/graph/v1.0' });
  await app.register(emulatorAdminPlugin, { emulator, adminToken, prefix: '/_emulator' });
  let savedAt = -1;
  const save = () => {
    const snapshot = emulator.counters.snapshot();
    const version = snapshot.requests + snapshot.batchItems;
    if (version === savedAt && existsSync(file)) return;
    savedAt = version;
    writeFileSync(`${file}.tmp`, JSON.stringify(exportSeed(emulator.store)));
    renameSync(`${file}.tmp`, file);
  };
  const timer = setInterval(save, 5000);
  timer.unref();
  return { emulator, save, stop: () => clearInterval(timer) };
}
