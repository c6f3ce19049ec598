import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../src/server/announce.js';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { ProductProcesses } from '../support/product-process.js';
import { QUIET } from '../support/quiet-server.js';

/**
 * Tester F22: the embedded Graph emulator lives in one process's memory, so a second process on the
 * same DATA_DIR or database must not serve another copy of the users' mailboxes (each run through
 * another process re-created every Outlook contact). One process owns it; a second is refused at
 * start naming GRAPH_BASE_URL, the way several processes share one Graph.
 */
const dirs: string[] = [];
const databases: TestDatabase[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bcsync-graph-owner-'));
  dirs.push(d);
  return d;
};
const newDatabase = async () => {
  const db = await createTestDatabase('bcsync_graph_owner');
  databases.push(db);
  return db.url;
};
afterAll(async () => {
  for (const db of databases) await db.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The places of F22: two DATA_DIRs on one new database. */
const twoDirsOneDatabase = async (): Promise<[[string, string], [string, string]]> => {
  const url = await newDatabase();
  return [
    [newDir(), url],
    [newDir(), url],
  ];
};

const start = (dataDir: string, databaseUrl: string | null, graphBaseUrl: string | null = null) =>
  startServer({
    env: {},
    overrides: {
      ...QUIET,
      seedDemo: false,
      dataDir,
      databaseUrl,
      graphBaseUrl,
    },
    announce: false,
  });

interface Row {
  readonly name: string;
  /** Where the first and the second process keep their data. */
  readonly places: () => Promise<[[string, string | null], [string, string | null]]>;
  readonly graphBaseUrl: string | null;
  /** What the second one's refusal names; null: it starts. */
  readonly refusal: RegExp | null;
}

const rows: Row[] = [
  {
    name: 'one database, two DATA_DIRs, embedded Graph (F22)',
    places: twoDirsOneDatabase,
    graphBaseUrl: null,
    refusal: /^DATABASE_URL: another process .* set GRAPH_BASE_URL/,
  },
  {
    name: 'one DATA_DIR, two databases, embedded Graph (one journal)',
    places: async () => {
      const dir = newDir();
      return [
        [dir, await newDatabase()],
        [dir, await newDatabase()],
      ];
    },
    graphBaseUrl: null,
    refusal: /^DATA_DIR=.*: its Graph mailboxes are in use by process \d+; .* set GRAPH_BASE_URL/,
  },
  {
    name: 'one database, two DATA_DIRs, one shared Graph (GRAPH_BASE_URL): both start',
    places: twoDirsOneDatabase,
    graphBaseUrl: 'http://127.0.0.1:9/v1.0',
    refusal: null,
  },
];

describe('one owner of the embedded Graph emulator', () => {
  test.each(rows)('$name', async ({ places, graphBaseUrl, refusal }) => {
    const [[dir1, db1], [dir2, db2]] = await places();
    const first = await start(dir1, db1, graphBaseUrl);
    let second: RunningServer | null = null;
    try {
      if (refusal === null) {
        second = await start(dir2, db2, graphBaseUrl);
        expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
        return;
      }
      const refused = await start(dir2, db2, graphBaseUrl).then(
        (s) => ((second = s), null),
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as ConfigError).problems).toEqual([expect.stringMatching(refusal)]);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await second?.close();
      await first.close();
    }
    // The owner stopped: the next process owns it.
    const next = await start(dir2, db2, graphBaseUrl);
    await next.close();
  });
});

describe('F22 as the tester met it: two `npm start` processes on one PostgreSQL database', () => {
  const product = new ProductProcesses();
  afterAll(() => product.killAll());

  test('the second exits 2 with one line naming GRAPH_BASE_URL; the first serves on', async () => {
    const url = await newDatabase();
    const env = { DATABASE_URL: url, SEED_DEMO: '1' };
    const first = await product.start(newDir(), env);
    const second = await product.start(newDir(), env).then(
      () => 'started',
      (e: unknown) => String(e),
    );
    expect(second).toMatch(
      /server exited with 2: configuration: DATABASE_URL: another process on this database already serves the embedded Graph emulator; .*GRAPH_BASE_URL/,
    );
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(await product.stop(first.child, 'SIGTERM')).toBe(0);
  });
});
