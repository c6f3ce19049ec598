import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  createGraphEmulator,
  emulatorAdminPlugin,
  exportSeed,
  graphApiPlugin,
  journalEntry,
  replayJournal,
} from '../../emulator/index.js';
import type { GraphEmulator, JournalEntry, SeedData } from '../../emulator/index.js';
import type { DevIssuer } from '../auth/dev-issuer.js';
import { GRAPH_AUDIENCE, devObjectId } from '../auth/dev-issuer.js';
import { demoMailboxSeed } from './demo-mailbox.js';
import { JournalFile } from './journal-file.js';
import type { JournalObserver } from './journal-file.js';

export interface EmbeddedGraph {
  readonly emulator: GraphEmulator;
  /** Writes a snapshot of the mailboxes and empties the journal (clean shutdown, and when it grows). */
  save(): Promise<void>;
  /** Waits for the files, then closes the journal; the store stops journaling at once. */
  stop(): Promise<void>;
}

/** Journal entries after which the next write also rewrites the snapshot (amortised compaction). */
const COMPACT_AFTER = 5_000;

/**
 * The Graph emulator inside `npm start`, at /graph/v1.0, trusting the dev issuer. Its mailboxes are
 * kept in DATA_DIR as durable as the links in the store (issue 9 §4): every write is appended to a
 * journal before the request is answered (a SIGKILL right after the answer loses nothing the sync
 * was told was written), and a start replays the journal on the last snapshot. The snapshot is
 * rewritten at clean shutdown and every COMPACT_AFTER writes. The files are written off the event
 * loop, in the order of the writes (journal-file.ts): only the emulator's own answers wait for
 * them, so /healthz and the facade answer while a 4 MB photo goes to disk.
 */
export async function mountEmbeddedGraph(
  app: FastifyInstance,
  issuer: DevIssuer,
  dataDir: string,
  /** The secret /_emulator/* requires in X-Admin-Token (the one server.json announces). */
  adminToken: string,
  /** Demo data for a first start; null keeps the mailboxes empty. */
  demo: { match: { email: string; givenName: string; surname: string } | null } | null,
  /** Sees each journal task start and end (tests measure with it instead of sleeping). */
  observeJournal?: JournalObserver,
): Promise<EmbeddedGraph> {
  const file = join(dataDir, 'graph-emulator.json');
  const journalFile = join(dataDir, 'graph-emulator.journal');
  let seed: SeedData | undefined;
  if (existsSync(file)) seed = JSON.parse(readFileSync(file, 'utf8')) as SeedData;
  else if (demo) seed = demoMailboxSeed(devObjectId, demo.match);
  const journal = readJournal(journalFile);
  if (journal.length > 0) seed = replayJournal(seed ?? { mailboxes: [] }, journal);
  const emulator = await createGraphEmulator({
    auth: { issuer: issuer.issuer, audience: GRAPH_AUDIENCE, jwks: issuer.jwks },
    ...(seed ? { seed } : {}),
  });
  const files = new JournalFile(journalFile, file, observeJournal);
  // The emulator's routes answer once their writes (and every earlier one) are on disk.
  await app.register(async (scope) => {
    scope.addHook('onSend', async () => {
      await files.flushed();
    });
    await scope.register(graphApiPlugin, { emulator, prefix: '/graph/v1.0' });
    await scope.register(emulatorAdminPlugin, { emulator, adminToken, prefix: '/_emulator' });
  });
  // The text is taken now, at this point of the order; the disk gets it in turn.
  const snapshot = () => files.snapshot(JSON.stringify(exportSeed(emulator.store)));
  // The first start (demo seed, or a journal replayed) begins from a snapshot of its own.
  snapshot();
  emulator.store.onWrite = (write) => {
    files.append(`${JSON.stringify(journalEntry(write))}\n`);
    if (files.entriesSinceSnapshot >= COMPACT_AFTER) snapshot();
  };
  await files.flushed();
  return {
    emulator,
    save: async () => {
      snapshot();
      await files.flushed();
    },
    stop: async () => {
      emulator.store.onWrite = null;
      await files.close();
    },
  };
}

/** The journal's entries; a torn last line (a crash mid-append, never answered) is ignored. */
function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  const out: JournalEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      break;
    }
  }
  return out;
}
