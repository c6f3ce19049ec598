import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createDevIssuer } from '../../src/server/auth/dev-issuer.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import { mountEmbeddedGraph } from '../../src/server/embedded/graph.js';
import type { EmbeddedGraph } from '../../src/server/embedded/graph.js';
import type { JournalEvent } from '../../src/server/embedded/journal-file.js';
import { exportSeed, replayJournal } from '../../src/emulator/index.js';
import type { JournalEntry, SeedData } from '../../src/emulator/index.js';
import { TINY_PNG } from '../support/outlook-only-samples.js';

// Guard item 3: the embedded emulator appended each journal line with appendFileSync, so a 4 MB
// photo's line held every request of the process. Now the files are written off the event loop,
// in order, and only the emulator's own answer waits for its line. Measured with the journal's
// events (a held task), never with sleeps or timings.

const PHOTO = Buffer.concat([TINY_PNG, Buffer.alloc(4 * 1024 * 1024 - TINY_PNG.length)]);

type Deferred = { promise: Promise<void>; resolve: () => void };
const deferred = (): Deferred => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

let issuer: DevIssuer;
let token = '';
const dirs: string[] = [];
beforeAll(async () => {
  issuer = await createDevIssuer();
  token = await issuer.userToken('ann@contoso.com', 'graph');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function facade(
  dir: string,
  observe?: (event: JournalEvent) => void | Promise<void>,
): Promise<{ app: FastifyInstance; graph: EmbeddedGraph }> {
  // As `npm start` mounts it: the facade's app (10 MB bodies), its /healthz, the emulator inside.
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  app.get('/healthz', async () => ({ status: 'ok' }));
  const graph = await mountEmbeddedGraph(app, issuer, dir, 'admin-secret-of-the-test', null, observe);
  await app.ready();
  return { app, graph };
}

const graphCall = (
  app: FastifyInstance,
  method: 'POST' | 'PATCH' | 'PUT' | 'GET',
  url: string,
  payload?: unknown,
) =>
  app.inject({
    method,
    url: `/graph/v1.0${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': Buffer.isBuffer(payload) ? 'image/png' : 'application/json',
    },
    ...(payload === undefined ? {} : { payload: payload as Buffer | Record<string, unknown> }),
  });

const journalLines = (dir: string): JournalEntry[] =>
  readFileSync(join(dir, 'graph-emulator.journal'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JournalEntry);

describe('the embedded emulator journal is written asynchronously and in order', () => {
  test('named example: /healthz answers while a 4 MB photo’s journal line is being written; the PUT answers after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-journal-'));
    dirs.push(dir);
    const bigStarted = deferred();
    const release = deferred();
    const events: string[] = [];
    const { app, graph } = await facade(dir, (event) => {
      if (event.kind !== 'append' || event.bytes < PHOTO.length) return;
      events.push(`photo line ${event.phase}`);
      if (event.phase === 'start') {
        bigStarted.resolve();
        return release.promise;
      }
    });
    try {
      const created = await graphCall(app, 'POST', '/me/contacts', { givenName: 'Pia' });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: string }).id;

      let photoAnswered = false;
      const photo = graphCall(app, 'PUT', `/me/contacts/${id}/photo/$value`, PHOTO).then((res) => {
        photoAnswered = true;
        events.push('photo answered');
        return res;
      });
      await bigStarted.promise;
      // The photo's line is on its way to disk (held there): the process answers other requests.
      const health = await app.inject({ url: '/healthz' });
      events.push('healthz answered');
      expect(health.statusCode).toBe(200);
      // …but the emulator does not acknowledge a write its journal does not hold yet.
      expect(photoAnswered).toBe(false);
      release.resolve();
      expect((await photo).statusCode).toBe(204);
      expect(events).toEqual(['photo line start', 'healthz answered', 'photo line end', 'photo answered']);

      const lines = journalLines(dir);
      expect(lines.map((l) => l.op)).toEqual(['contact', 'contact']);
      const last = lines[1] as Extract<JournalEntry, { op: 'contact' }>;
      expect(
        Buffer.from(
          (last.contact['@emulator.photo'] as { base64: string } | undefined)?.base64 ?? '',
          'base64',
        ).equals(PHOTO),
      ).toBe(true);
    } finally {
      await graph.stop();
      await app.close();
    }
  });

  test('concurrent writes reach the journal in the order the store applied them; a restart has them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-journal-'));
    dirs.push(dir);
    const first = await facade(dir);
    let expected: SeedData;
    try {
      const created = await graphCall(first.app, 'POST', '/me/contacts', { givenName: 'Ola' });
      const id = (created.json() as { id: string }).id;
      // Twenty edits of one contact and a photo in flight at once: the last applied must win.
      const answers = await Promise.all([
        graphCall(first.app, 'PUT', `/me/contacts/${id}/photo/$value`, PHOTO),
        ...Array.from({ length: 20 }, (_, i) =>
          graphCall(first.app, 'PATCH', `/me/contacts/${id}`, { jobTitle: `Title ${i}` }),
        ),
      ]);
      expect(answers.map((a) => a.statusCode).filter((s) => s >= 300)).toEqual([]);
      expected = exportSeed(first.graph.emulator.store);
      // The snapshot written at start, with the journal replayed on it, is the store as it is now.
      const snapshot = JSON.parse(readFileSync(join(dir, 'graph-emulator.json'), 'utf8')) as SeedData;
      expect(replayJournal(snapshot, journalLines(dir))).toEqual(expected);
    } finally {
      await first.graph.stop();
      await first.app.close();
    }
    // A restart without a clean save (no snapshot at stop) replays the journal to the same state.
    const second = await facade(dir);
    try {
      expect(exportSeed(second.graph.emulator.store)).toEqual(expected);
    } finally {
      await second.graph.stop();
      await second.app.close();
    }
  });
});
