import { afterAll } from '@jest/globals';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import { openPostgres } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { sqlTurnHoldRecords } from '../../src/store/sql-turn-holds.js';
import { runTurnHoldRecordsContract } from '../contracts/turn-hold-records.contract.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { openEmptyPglite } from './pglite-template.js';

// Review R2: what the create turn's bounds count is kept in the store, so every facade process on
// it counts alike. One contract (test/contracts/turn-hold-records.contract.ts) over every adapter:
// memory (one store shared by the "processes"), PGlite (the embedded default), PostgreSQL.

const memory = new MemoryTurnHoldRecords();
runTurnHoldRecordsContract('in memory', async () => memory);

/** One database opened once, each handle a new TurnHoldRecords on it (as each facade process makes). */
function sqlSetup(open: () => Promise<Db & { close(): Promise<void> }>, after?: () => Promise<void>) {
  let db: Promise<Db & { close(): Promise<void> }> | undefined;
  afterAll(async () => {
    if (db) await (await db).close();
    await after?.();
  });
  return async () => sqlTurnHoldRecords(await (db ??= open()));
}

runTurnHoldRecordsContract(
  'PGlite',
  sqlSetup(async () => {
    const db = await openEmptyPglite();
    await migrate(db);
    return db;
  }),
);

let pgDatabase: TestDatabase | undefined;
runTurnHoldRecordsContract(
  'PostgreSQL',
  sqlSetup(
    async () => {
      pgDatabase = await createTestDatabase('turn_hold_records');
      const db = await openPostgres(pgDatabase.url);
      await migrate(db);
      return db;
    },
    async () => pgDatabase?.drop(),
  ),
);
