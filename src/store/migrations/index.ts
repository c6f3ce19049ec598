import type { Db } from '../db.js';
import { migration001 } from './001_init.js';
import { migration002 } from './002_users.js';
import { migration003 } from './003_link_outlook_own.js';
import { migration004 } from './004_company_members.js';
import { migration005 } from './005_lease_holder.js';
import { migration006 } from './006_runs_per_user.js';
import { migration007 } from './007_text_form.js';
import { migration008 } from './008_bc_delta_link.js';
import { migration009 } from './009_deletion_cause.js';
import { migration010 } from './010_number_series.js';
import { migration011 } from './011_code_point_keys.js';
import { migration012 } from './012_idempotency_keys.js';
import { migration013 } from './013_countries_regions.js';
import { migration014 } from './014_text_form_invisible.js';
import { migration015 } from './015_link_outlook_holds_base.js';
import { migration016 } from './016_contact_list_order.js';
import { migration017 } from './017_run_cancel_request.js';
import { migration018 } from './018_turn_holds.js';
import { migration019 } from './019_running_runs.js';
import { migration020 } from './020_state_company.js';
import { migration021 } from './021_lease_take.js';
import { migration022 } from './022_email_fold.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Append only: a released migration is never edited, a change is a new number.
 * @internal
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: migration001 },
  { version: 2, name: 'users', sql: migration002 },
  { version: 3, name: 'link_outlook_own', sql: migration003 },
  { version: 4, name: 'company_members', sql: migration004 },
  { version: 5, name: 'lease_holder', sql: migration005 },
  { version: 6, name: 'runs_per_user', sql: migration006 },
  { version: 7, name: 'text_form', sql: migration007 },
  { version: 8, name: 'bc_delta_link', sql: migration008 },
  { version: 9, name: 'deletion_cause', sql: migration009 },
  { version: 10, name: 'number_series', sql: migration010 },
  { version: 11, name: 'code_point_keys', sql: migration011 },
  { version: 12, name: 'idempotency_keys', sql: migration012 },
  { version: 13, name: 'countries_regions', sql: migration013 },
  { version: 14, name: 'text_form_invisible', sql: migration014 },
  { version: 15, name: 'link_outlook_holds_base', sql: migration015 },
  { version: 16, name: 'contact_list_order', sql: migration016 },
  { version: 17, name: 'run_cancel_request', sql: migration017 },
  { version: 18, name: 'turn_holds', sql: migration018 },
  { version: 19, name: 'running_runs', sql: migration019 },
  { version: 20, name: 'state_company', sql: migration020 },
  { version: 21, name: 'lease_take', sql: migration021 },
  { version: 22, name: 'email_fold', sql: migration022 },
];

/** @internal The store tests check that a migrated database reaches it (startup-concurrency, state-store-postgres). */
export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 727_311_001;

/**
 * Applies the missing migrations in one transaction and returns the versions applied.
 * The advisory lock serialises facade processes starting together on one PostgreSQL.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    // No statement limit in this transaction (db.ts STATEMENT_TIMEOUT_MS): a migration may rewrite
    // a large table for minutes, and a process starting meanwhile waits that long for the lock.
    await tx.query('SET LOCAL statement_timeout = 0');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [m.version]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** @internal The store tests read a database's version with it after concurrent or repeated migrations. */
export async function schemaVersion(db: Db): Promise<number> {
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}
