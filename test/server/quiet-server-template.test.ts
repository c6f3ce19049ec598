import { describe, expect, test } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FacadeConfig } from '../../src/server/config.js';
import { openPglite } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { seedDemoCompany } from '../../src/store/demo-seed.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { freshDataDir, seedsDemo, startsFromTemplate } from '../support/quiet-server.js';

// CI time: a test server's own start on an empty DATA_DIR ran PGlite's initdb and every migration,
// 193 and 225 s at load 33 against 76 and 88 s on a copy of the migrated template (ci, 2026-12-02).
// The copy must go exactly where the server opens its embedded store, and never where it does not.

describe('which quiet servers start from the migrated template', () => {
  const rows: [string, { env?: NodeJS.ProcessEnv; overrides?: Partial<FacadeConfig> }, boolean][] = [
    ['nothing said: the embedded store in DATA_DIR/pglite', {}, true],
    ['other env only', { env: { SEED_DEMO: '1', AUTH_MODE: 'dev' } }, true],
    ['DATABASE_URL empty (the server reads it as unset)', { env: { DATABASE_URL: '  ' } }, true],
    ['DATABASE_URL in env: PostgreSQL', { env: { DATABASE_URL: 'postgres://x@127.0.0.1/db' } }, false],
    ['databaseUrl override: PostgreSQL', { overrides: { databaseUrl: 'postgres://x@127.0.0.1/db' } }, false],
    [
      'databaseUrl override null over a DATABASE_URL: embedded',
      { env: { DATABASE_URL: 'postgres://x@h/db' }, overrides: { databaseUrl: null } },
      true,
    ],
    ['its own dataDir override: not the fresh DATA_DIR', { overrides: { dataDir: '/tmp/elsewhere' } }, false],
  ];
  test.each(rows)('%s', (_name, options, expected) => {
    expect(startsFromTemplate(options)).toBe(expected);
  });
});

test('a fresh DATA_DIR holds a migrated store in pglite/, where the server opens it (nothing left to migrate)', async () => {
  const dir = await freshDataDir('bcsync-template-check-');
  try {
    expect(existsSync(join(dir, 'pglite', 'PG_VERSION'))).toBe(true);
    const db = await openPglite({ dataDir: join(dir, 'pglite') });
    try {
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('which quiet servers start from the seeded template (the server seeds the demo company)', () => {
  const rows: [string, { env?: NodeJS.ProcessEnv; overrides?: Partial<FacadeConfig> }, boolean][] = [
    ['nothing said: dev mode on PGlite seeds', {}, true],
    ['SEED_DEMO=1', { env: { SEED_DEMO: '1' } }, true],
    ['SEED_DEMO=0', { env: { SEED_DEMO: '0' } }, false],
    ['seedDemo override false', { overrides: { seedDemo: false } }, false],
    [
      'seedDemo override true over SEED_DEMO=0',
      { env: { SEED_DEMO: '0' }, overrides: { seedDemo: true } },
      true,
    ],
    [
      'DATABASE_URL: PostgreSQL seeds only when asked',
      { env: { DATABASE_URL: 'postgres://x@127.0.0.1/db' } },
      false,
    ],
    ['a configuration the server refuses seeds nothing', { env: { AUTH_MODE: 'entra' } }, false],
  ];
  test.each(rows)('%s', (_name, options, expected) => {
    expect(seedsDemo(options)).toBe(expected);
  });
});

test('a seeded fresh DATA_DIR holds the demo company already: a start seeds nothing more', async () => {
  const dir = await freshDataDir('bcsync-template-seeded-', { seeded: true });
  try {
    const db = await openPglite({ dataDir: join(dir, 'pglite') });
    try {
      expect(await migrate(db)).toEqual([]);
      expect((await seedDemoCompany(db, systemClock)).seeded).toBe(false);
      const companies = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM companies');
      expect(companies.rows).toStrictEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
