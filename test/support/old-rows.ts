/**
 * Rows written by raw SQL in the shape of an older schema, for the tests of the migrations that
 * bring stored data to today's text form (007, 014): today's facade would clean text on the way in,
 * so the old shapes can only be made by going round it.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { SYNC_FIELDS, nfc } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { EMAIL_FOLD_FUNCTION } from '../../src/store/migrations/022_email_fold.js';

/**
 * Migration 022's folded columns for a store at an older version. Not generated columns as 022 makes
 * them: migrations 007 and 014 rewrite every text column of bc_contacts, which a generated column
 * refuses; a trigger keeps these plain ones folded through those rewrites (and 022 keeps them).
 */
const FOLDED_COLUMNS_BEFORE_022 = `${EMAIL_FOLD_FUNCTION}
ALTER TABLE bc_contacts ADD COLUMN email_folded text, ADD COLUMN email2_folded text;
CREATE FUNCTION test_fold_emails() RETURNS trigger LANGUAGE plpgsql AS $t$ BEGIN
  NEW.email_folded := email_fold(NEW.email);
  NEW.email2_folded := email_fold(NEW.email2);
  RETURN NEW;
END $t$;
CREATE TRIGGER test_fold_emails BEFORE INSERT OR UPDATE ON bc_contacts
  FOR EACH ROW EXECUTE FUNCTION test_fold_emails();
`;

/** A contact's synced fields: every one empty but those given. */
export const syncFields = (over: Partial<SyncFields>): SyncFields => ({
  ...(Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as SyncFields),
  ...over,
});

/** Every string inside a JSON value in NFC, as JavaScript makes it (what a migration must match). */
export const deepNfc = (v: unknown): unknown =>
  typeof v === 'string'
    ? nfc(v)
    : Array.isArray(v)
      ? v.map(deepNfc)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepNfc(x)]))
        : v;

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `db` migrated up to and including schema `version`, no further. */
async function migratedTo<D extends Db>(db: D, version: number): Promise<D> {
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}

/** One BC contact row as stored: its id, number, synced fields and any further columns (snake_case). */
export interface OldContact {
  readonly id: string;
  readonly number: string;
  readonly fields: SyncFields;
  readonly columns?: Readonly<Record<string, string>>;
}

/** The company (named CRONUS) and its contact rows, written as given. */
async function insertOldContacts(db: Db, companyId: string, contacts: readonly OldContact[]): Promise<void> {
  await insertCompany(db, new ManualClock('2026-03-01T08:00:00.000Z'), { id: companyId, name: 'CRONUS' });
  const cols = SYNC_FIELDS.map(snake);
  for (const c of contacts) {
    const extra = Object.entries(c.columns ?? {});
    const names = ['id', 'company_id', 'number', ...extra.map(([k]) => k), ...cols];
    await db.query(
      `INSERT INTO bc_contacts (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      [c.id, companyId, c.number, ...extra.map(([, v]) => v), ...SYNC_FIELDS.map((f) => c.fields[f])],
    );
  }
}

/** One user's sync state (see insertOldSyncState). */
interface OldSyncState {
  readonly first: { readonly bcId: string; readonly base: SyncFields; readonly outlookOwn: unknown };
  readonly second: { readonly bcId: string; readonly base: SyncFields };
  readonly conflict: unknown;
  readonly skip: unknown;
}

/**
 * One user's stored sync state as JSON written then: two links (`first` with Outlook's own values
 * as 'ol-1', `second` without as 'ol-2'), one conflict and one skip record on `first`.
 */
async function insertOldSyncState(
  db: Db,
  scope: { readonly userId: string; readonly folderId: string },
  state: OldSyncState,
): Promise<void> {
  const { first, second } = state;
  await db.query(
    `INSERT INTO sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own)
     VALUES ($1, $2, $3, 'ol-1', $4::jsonb, 'e', 'k', $5::jsonb), ($1, $2, $6, 'ol-2', $7::jsonb, 'e', 'k', NULL)`,
    [
      scope.userId,
      scope.folderId,
      first.bcId,
      JSON.stringify(first.base),
      JSON.stringify(first.outlookOwn),
      second.bcId,
      JSON.stringify(second.base),
    ],
  );
  await db.query(
    `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record) VALUES ($1, $2, $3, 'ol-1', $4::jsonb)`,
    [scope.userId, scope.folderId, first.bcId, JSON.stringify(state.conflict)],
  );
  await db.query(
    `INSERT INTO sync_skipped (user_id, folder_id, key, record) VALUES ($1, $2, 'outlook:ol-1', $3::jsonb)`,
    [scope.userId, scope.folderId, JSON.stringify(state.skip)],
  );
}

/** An old store's rows: the company with its `contacts`, and one user's (`scope`) sync state. */
export async function insertOldStore(
  db: Db,
  companyId: string,
  scope: { readonly userId: string; readonly folderId: string },
  rows: OldSyncState & { readonly contacts: readonly OldContact[] },
): Promise<void> {
  await insertOldContacts(db, companyId, rows.contacts);
  await insertOldSyncState(db, scope, rows);
}

/** Every BC contact row as the database holds it, by number. */
const contactRows = async (db: Db) =>
  (await db.query<Record<string, unknown>>('SELECT * FROM bc_contacts ORDER BY number')).rows;

/** The stored conflict and skip records, as JSON values. */
async function storedRecords(db: Db): Promise<{ conflicts: unknown[]; skipped: unknown[] }> {
  const conflicts = await db.query<{ record: unknown }>('SELECT record FROM sync_conflicts');
  const skipped = await db.query<{ record: unknown }>('SELECT record FROM sync_skipped');
  return { conflicts: conflicts.rows.map((r) => r.record), skipped: skipped.rows.map((r) => r.record) };
}

/**
 * A store at schema `version` holding a test's old rows, and those rows as read before the next
 * migration runs (what a migration test compares with after it).
 */
async function oldStoreAt<D extends Db>(
  db: D,
  version: number,
  insert: (db: D) => Promise<void>,
  rowsOf: (db: D) => Promise<Record<string, unknown>[]>,
): Promise<{ db: D; before: Record<string, unknown>[] }> {
  await migratedTo(db, version);
  // Today's look-ups by e-mail read the folded columns (migration 022); the tests read old rows with them.
  if (version < 22) await db.exec(FOLDED_COLUMNS_BEFORE_022);
  await insert(db);
  return { db, before: await rowsOf(db) };
}

/** The store a migration test works on, as its tests read it. */
export interface OldStore<D extends Db> {
  readonly db: D;
  /** The contact rows as read before the next migration ran. */
  readonly before: Record<string, unknown>[];
  /** The contact rows as read now. */
  rows(): Promise<Record<string, unknown>[]>;
  /** The stored conflict and skip records now. */
  records(): Promise<{ conflicts: unknown[]; skipped: unknown[] }>;
}

/**
 * For one describe block of a migration test: before its tests, the store `open` gives, at schema
 * `version` with the test's old rows (`insert`); closed after them. Read it inside the tests.
 */
export function oldStoreForTests<D extends Db & { close(): Promise<void> }>(
  open: () => Promise<D>,
  version: number,
  insert: (db: D) => Promise<void>,
): OldStore<D> {
  const old = {
    rows: () => contactRows(old.db),
    records: () => storedRecords(old.db),
  } as { db: D; before: Record<string, unknown>[] } & OldStore<D>;
  beforeAll(async () => {
    Object.assign(old, await oldStoreAt(await open(), version, insert, contactRows));
  });
  afterAll(() => old.db?.close());
  return old;
}
