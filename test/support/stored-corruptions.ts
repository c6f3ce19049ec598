import type { Db } from '../../src/store/db.js';

/*
 * Issue 9 §1's kind over every stored value (brief "stored"): each value the product persists and
 * later replays or trusts, spoilt the ways stored state goes bad — garbled, truncated, written by
 * another host or access kind, left by an older version, or naming something since deleted. The
 * table test (test/server/stored-state-table.test.ts) runs a full and a delta sync after each and
 * wants both to succeed with nothing written twice and nothing lost.
 *
 * Complete by construction: STATE_COLUMNS lists every column of the sync state tables with the
 * rows that spoil it (or why none is needed); the test reads the tables' columns from the catalog
 * and fails on a column the list does not name, so a new column needs a row here.
 */

/** What a corruption may refer to: the user's key and the facts of the synced world. */
export interface CorruptionContext {
  readonly db: Db;
  readonly userKey: string;
  readonly folderId: string;
  readonly companyId: string;
  /** A BC id no contact has (deleted or never made). */
  readonly goneBcId: string;
  /** A folder of the same mailbox that is not the sync folder (made and deleted by the test). */
  readonly goneFolderId: string;
  /** This machine's name as lease rows hold it (platform/local-process.ts). */
  readonly thisHost: string;
}

type Corruption = 'garbled' | 'truncated' | 'foreign' | 'older' | 'deleted';

export interface CorruptionRow {
  /** `table.column` (or `table.column.field` inside a JSON value). */
  readonly value: string;
  readonly corruption: Corruption;
  /** What the row does, in words (the report's table). */
  readonly what: string;
  apply(c: CorruptionContext): Promise<unknown>;
  /**
   * Where the product must refuse rather than guess: the typed refusal's code and the words every
   * host shows (both runs must end in it, never in a crash). Absent: both runs succeed.
   */
  readonly refusal?: { readonly code: string; readonly words: string };
}

const INVALID_FILTER = { code: 'invalidSettings', words: 'The filter is not valid' } as const;

const sql = (c: CorruptionContext, text: string, params: unknown[] = []) =>
  c.db.query(text, [c.userKey, ...params]);

/** Half of a text value (at least one character gone). */
const TRUNCATE = (column: string) => `left(${column}, greatest(length(${column}) / 2, 0))`;

/** One link row, the first by bcId: the spoilt link. */
const ONE_LINK = `bc_id = (SELECT min(bc_id) FROM sync_links WHERE user_id = $1)`;

/** Parameters $2… of a row's statement, from the facts of the synced world. */
type Params = (c: CorruptionContext) => unknown[];

const setCursor = (
  value: string,
  corruption: Corruption,
  what: string,
  expression: string,
  params?: Params,
) => ({
  value,
  corruption,
  what,
  apply: (c: CorruptionContext) =>
    sql(c, `UPDATE sync_cursors SET ${value.split('.')[1]} = ${expression} WHERE user_id = $1`, params?.(c)),
});

/**
 * A stored delta link spoilt each way: both links (the mailbox's and BC's) are replayed alike, so
 * each gets every kind — text that is no link, the link cut in half, another host's absolute link
 * (the prefix before it), a token the service refuses, and the link with the id it names replaced
 * (`gone`: that id and what replaces it) by one of a thing since gone.
 */
const spoiltLinks = (
  column: string,
  rows: {
    garbled: string;
    foreign: readonly [what: string, prefix: string];
    older: readonly [what: string, token: string];
    deleted: readonly [what: string, gone: Params];
  },
) => [
  setCursor(`sync_cursors.${column}`, 'garbled', 'text that is no link', rows.garbled),
  setCursor(`sync_cursors.${column}`, 'truncated', 'the link cut in half', TRUNCATE(column)),
  setCursor(`sync_cursors.${column}`, 'foreign', rows.foreign[0], `'${rows.foreign[1]}' || ${column}`),
  setCursor(
    `sync_cursors.${column}`,
    'older',
    rows.older[0],
    `regexp_replace(${column}, '\\$deltatoken=.*$', '$deltatoken=${rows.older[1]}')`,
  ),
  setCursor(
    `sync_cursors.${column}`,
    'deleted',
    rows.deleted[0],
    `replace(${column}, $2, $3)`,
    rows.deleted[1],
  ),
];

const setLink = (value: string, corruption: Corruption, what: string, expression: string) => ({
  value,
  corruption,
  what,
  apply: (c: CorruptionContext) =>
    sql(c, `UPDATE sync_links SET ${value.split('.')[1]} = ${expression} WHERE user_id = $1 AND ${ONE_LINK}`),
});

const setSettings = (field: string, corruption: Corruption, what: string, json: string) => ({
  value: `sync_settings.settings.${field}`,
  corruption,
  what,
  apply: (c: CorruptionContext) =>
    sql(c, `UPDATE sync_settings SET settings = settings || $2::jsonb WHERE user_id = $1`, [json]),
});

/** The newest run record of the user, changed by a jsonb expression over `record`. */
const setRecord = (
  field: string,
  corruption: Corruption,
  what: string,
  expression: string,
  params?: Params,
) => ({
  value: `sync_runs.record.${field}`,
  corruption,
  what,
  apply: (c: CorruptionContext) =>
    sql(
      c,
      `UPDATE sync_runs SET record = ${expression} WHERE id = (SELECT id FROM sync_runs WHERE user_id = $1
         ORDER BY started_at DESC, id DESC LIMIT 1)`,
      params?.(c),
    ),
});

export const CORRUPTIONS: readonly CorruptionRow[] = [
  // The mailbox's delta link (F116's kind).
  ...spoiltLinks('delta_link', {
    garbled: `'%%%zz not a link ?$deltatoken'`,
    foreign: ["the pane's absolute /me link of another host", 'https://graph.microsoft.com/v1.0/me/'],
    older: ['a token Graph refuses (400 ErrorInvalidSyncStateData)', 'AAAAgarbledtoken'],
    deleted: ['a link of a folder since deleted', (c) => [c.folderId, c.goneFolderId]],
  }),
  // BC's delta link (upstream change tracking and the facade's own tokens).
  ...spoiltLinks('bc_delta_link', {
    garbled: `'::not a link?$deltatoken'`,
    foreign: [
      "another host's absolute link",
      'https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0/',
    ],
    older: ['a token the service refuses (expired / another version)', '999999999'],
    deleted: [
      'a link of a company that does not exist',
      (c) => [c.companyId, '00000000-0000-4000-8000-00000000dead'],
    ],
  }),
  setCursor('sync_cursors.filter_key', 'garbled', 'a fingerprint of no filter', `'\u0001garbled'`),
  setCursor('sync_cursors.filter_key', 'truncated', 'empty', `''`),
  // The settings the user saved.
  setSettings('folderName', 'garbled', 'a folder name of no string', '{"folderName": 42}'),
  // A spoilt filter is refused, never dropped: no filter would sync the whole company.
  {
    ...setSettings('filter', 'garbled', 'a filter of no field', '{"filter": {"noSuchField": "= x"}}'),
    refusal: INVALID_FILTER,
  },
  {
    ...setSettings('filter', 'truncated', 'a filter expression cut off', `{"filter": {"city": "= 'Lon"}}`),
    refusal: INVALID_FILTER,
  },
  {
    ...setSettings('filter', 'older', 'a filter of no object', '{"filter": "city = London"}'),
    refusal: INVALID_FILTER,
  },
  setSettings('conflictPolicy', 'older', 'a policy name no version knows', '{"conflictPolicy": "oldPolicy"}'),
  setSettings('scheduleMinutes', 'garbled', 'a schedule of no number', '{"scheduleMinutes": "soon"}'),
  setSettings('massDeleteShare', 'garbled', 'a share of no number', '{"massDeleteShare": null}'),
  // Link rows.
  setLink(
    'sync_links.bc_id',
    'deleted',
    'a BC contact since deleted',
    `'00000000-0000-4000-8000-0000000000b1'`,
  ),
  setLink('sync_links.outlook_id', 'garbled', 'an id Graph cannot parse', `'not-an-id'`),
  setLink('sync_links.outlook_id', 'truncated', 'the id cut in half', TRUNCATE('outlook_id')),
  setLink('sync_links.base', 'garbled', 'a base of no fields', `'{"nonsense": true}'::jsonb`),
  setLink(
    'sync_links.base',
    'older',
    'a base with fields of an older version only',
    `base - 'jobTitle' - 'country'`,
  ),
  setLink('sync_links.bc_etag', 'garbled', 'an etag BC never gave', `'W/"garbled"'`),
  setLink('sync_links.outlook_change_key', 'garbled', 'a changeKey Graph never gave', `'garbled'`),
  setLink(
    'sync_links.outlook_own',
    'garbled',
    'own values of another shape',
    `'{"nonsense": [1, 2]}'::jsonb`,
  ),
  setLink('sync_links.outlook_holds_base', 'foreign', 'says Outlook holds a base it does not', `true`),
  {
    value: 'sync_links.outlook_holds_base',
    corruption: 'older',
    what: 'holds-base over a base an older run wrote',
    apply: (c) =>
      sql(
        c,
        `UPDATE sync_links SET outlook_holds_base = true, base = jsonb_set(base, '{jobTitle}', '"older title"')
          WHERE user_id = $1 AND ${ONE_LINK}`,
      ),
  },
  // Pending creates.
  {
    value: 'sync_pending_creates.bc_id',
    corruption: 'deleted',
    what: 'a pending create of a BC contact since deleted',
    apply: (c) =>
      sql(c, `INSERT INTO sync_pending_creates (user_id, folder_id, bc_id) VALUES ($1, $2, $3)`, [
        c.folderId,
        c.goneBcId,
      ]),
  },
  {
    value: 'sync_pending_creates.bc_id',
    corruption: 'garbled',
    what: 'a pending create of a linked contact',
    apply: (c) =>
      sql(
        c,
        `INSERT INTO sync_pending_creates (user_id, folder_id, bc_id)
           SELECT user_id, folder_id, bc_id FROM sync_links WHERE user_id = $1 AND ${ONE_LINK}`,
      ),
  },
  // Leases.
  {
    value: 'sync_leases.expires_at',
    corruption: 'foreign',
    what: "another machine's lease expiring in the year 9999",
    apply: (c) =>
      c.db.query(
        `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid)
           SELECT key, 'run-of-another-host', '9999-01-01T00:00:00Z', 'another-host', 1
             FROM (SELECT $1 || '|' || lower(settings->>'folderName') AS key FROM sync_settings WHERE user_id = $1) k
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
           holder_host = excluded.holder_host, holder_pid = excluded.holder_pid`,
        [c.userKey],
      ),
  },
  {
    value: 'sync_leases.holder_pid',
    corruption: 'deleted',
    what: 'a lease of a process of this machine that is gone',
    apply: (c) =>
      c.db.query(
        `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid)
           SELECT key, 'run-of-a-dead-process', now() + interval '1 day', $2, 2147483646
             FROM (SELECT $1 || '|' || lower(settings->>'folderName') AS key FROM sync_settings WHERE user_id = $1) k
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
           holder_host = excluded.holder_host, holder_pid = excluded.holder_pid`,
        [c.userKey, c.thisHost],
      ),
  },
  // Run records (the folder id, the company, the status).
  setRecord(
    'folderId',
    'garbled',
    'a folder id Graph cannot parse',
    `jsonb_set(record, '{folderId}', '"not-a-folder"')`,
  ),
  setRecord(
    'folderId',
    'deleted',
    'the id of a folder since deleted',
    `jsonb_set(record, '{folderId}', to_jsonb($2::text))`,
    (c) => [c.goneFolderId],
  ),
  // The state names another company than the run's: the company check refuses (F86), typed.
  {
    ...setRecord(
      'companyId',
      'garbled',
      'a company id of no company',
      `jsonb_set(record, '{companyId}', '"no-such-company"')`,
    ),
    refusal: { code: 'companyChanged', words: 'synced with another Business Central company' },
  },
  setRecord(
    'companyId',
    'older',
    'a record from before records named companies',
    `record - 'companyId' - 'companyName'`,
  ),
  setRecord(
    'status',
    'foreign',
    "a record left 'running' by a holder that is gone",
    `jsonb_set(record, '{status}', '"running"')`,
  ),
  setRecord(
    'counts',
    'garbled',
    'a record of another shape',
    `'{"nonsense": true}'::jsonb || jsonb_build_object('id', record->'id', 'userId', record->'userId')`,
  ),
  // Conflicts and skipped contacts.
  {
    value: 'sync_conflicts.record',
    corruption: 'garbled',
    what: 'a conflict of another shape, on a linked pair',
    apply: (c) =>
      sql(
        c,
        `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record)
           SELECT user_id, folder_id, bc_id, outlook_id, '{"nonsense": true}'::jsonb FROM sync_links
            WHERE user_id = $1 AND ${ONE_LINK}
         ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET record = excluded.record`,
      ),
  },
  {
    value: 'sync_conflicts.outlook_id',
    corruption: 'deleted',
    what: 'a conflict of contacts since deleted',
    apply: (c) =>
      sql(
        c,
        `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record)
           VALUES ($1, $2, $3, 'gone-outlook-id', '{"fields": []}'::jsonb)
         ON CONFLICT (user_id, folder_id, bc_id) DO NOTHING`,
        [c.folderId, c.goneBcId],
      ),
  },
  {
    value: 'sync_skipped.record',
    corruption: 'garbled',
    what: 'a skipped entry of another shape',
    apply: (c) =>
      sql(
        c,
        `INSERT INTO sync_skipped (user_id, folder_id, key, record) VALUES ($1, $2, 'bc:garbled', '{"nonsense": 1}'::jsonb)
         ON CONFLICT (user_id, folder_id, key) DO UPDATE SET record = excluded.record`,
        [c.folderId],
      ),
  },
  // The state's company (migration 020): its records name it too, so a run goes by them; a row
  // gone is claimed again by the next record naming the company.
  {
    value: 'sync_state_companies.company_id',
    corruption: 'garbled',
    what: 'a company id that is no GUID',
    apply: (c) => sql(c, `UPDATE sync_state_companies SET company_id = 'not a company' WHERE user_id = $1`),
  },
  {
    value: 'sync_state_companies.company_id',
    corruption: 'deleted',
    what: "the state's company row gone",
    apply: (c) => sql(c, 'DELETE FROM sync_state_companies WHERE user_id = $1'),
  },
];

/**
 * Every column of the sync state tables, with the rows above that spoil it or why none does.
 * `covered` columns must have at least one row; a `reason` says why the column is not replayed or
 * trusted by a run (so a spoilt value cannot stop one).
 */
export const STATE_COLUMNS: Readonly<Record<string, { readonly reason: string } | 'covered'>> = {
  'sync_settings.user_id': { reason: 'the key the facade derives from the token, never read back as data' },
  'sync_settings.settings': 'covered',
  'sync_settings.updated_at': { reason: 'written, never read by a run' },
  'sync_cursors.user_id': { reason: 'key' },
  'sync_cursors.folder_id': {
    reason: 'key: a cursor of another folder id is simply not found (rows of sync_runs.record.folderId)',
  },
  'sync_cursors.bc_delta_link': 'covered',
  'sync_cursors.delta_link': 'covered',
  'sync_cursors.filter_key': 'covered',
  'sync_links.user_id': { reason: 'key' },
  'sync_links.folder_id': { reason: 'key (as sync_cursors.folder_id)' },
  'sync_links.bc_id': 'covered',
  'sync_links.outlook_id': 'covered',
  'sync_links.base': 'covered',
  'sync_links.bc_etag': 'covered',
  'sync_links.outlook_change_key': 'covered',
  'sync_links.outlook_own': 'covered',
  'sync_links.outlook_holds_base': 'covered',
  'sync_pending_creates.user_id': { reason: 'key' },
  'sync_pending_creates.folder_id': { reason: 'key' },
  'sync_pending_creates.bc_id': 'covered',
  'sync_leases.key': {
    reason: 'the lease key is derived from user and folder name; a foreign key is no lease of this user',
  },
  'sync_leases.owner': {
    reason: 'compared for equality only (a garbled owner is just another holder: the expires_at rows)',
  },
  'sync_leases.expires_at': 'covered',
  'sync_leases.holder_host': { reason: 'another host: the expires_at row; this host: the holder_pid row' },
  'sync_leases.holder_pid': 'covered',
  'sync_leases.take': {
    reason:
      'compared for equality only by a release naming a take (a garbled take is another take: its release lets go of nothing, and the lease ends by expiry as the expires_at rows)',
  },
  'sync_state_companies.user_id': { reason: 'key' },
  'sync_state_companies.company_id': 'covered',
  'sync_runs.id': { reason: 'key' },
  'sync_runs.user_id': { reason: 'key' },
  'sync_runs.started_at': { reason: 'orders the records only' },
  'sync_runs.record': 'covered',
  'sync_runs.cancel_requested_at': {
    reason:
      'read only as set or not (sql-run-cancel.ts); a timestamptz column holds a time or NULL, no other value',
  },
  'sync_run_items.run_id': { reason: 'no code in src/ writes or reads sync_run_items' },
  'sync_run_items.seq': { reason: 'as sync_run_items.run_id' },
  'sync_run_items.kind': { reason: 'as sync_run_items.run_id' },
  'sync_run_items.payload': { reason: 'as sync_run_items.run_id' },
  'sync_run_items.created_at': { reason: 'as sync_run_items.run_id' },
  'sync_conflicts.user_id': { reason: 'key' },
  'sync_conflicts.folder_id': { reason: 'key' },
  'sync_conflicts.bc_id': { reason: 'key: a conflict of a BC id that is gone is the outlook_id deleted row' },
  'sync_conflicts.outlook_id': 'covered',
  'sync_conflicts.record': 'covered',
  'sync_skipped.user_id': { reason: 'key' },
  'sync_skipped.folder_id': { reason: 'key' },
  'sync_skipped.key': { reason: 'key: rewritten by every full run' },
  'sync_skipped.record': 'covered',
  // What the lease routes count of a create turn's holds (review R2, turn-holds.ts): no run reads
  // it, and the bounds read a spoilt time as the furthest they could have written
  // (test/contracts/turn-hold-records.contract.ts "spoilt records").
  'sync_turn_holds.id': { reason: 'key: a garbled id is a record no lease route asks for' },
  'sync_turn_holds.user_id': { reason: 'written, never read back by the bounds (the id names the user)' },
  'sync_turn_holds.owner': { reason: 'compared for equality only: a garbled owner is just another holder' },
  'sync_turn_holds.since': {
    reason:
      'read no later than now (turn-holds.ts judged): a spoilt start bounds a hold no longer than one now',
  },
  'sync_turn_holds.until': { reason: 'read no further than one bound ahead (turn-holds.ts judged)' },
  'sync_turn_holds.barred_until': {
    reason: "read no further than the stay's bound and its bar after its start (turn-holds.ts judged)",
  },
  'sync_turn_holds.forget_at': { reason: 'only when the store may drop the row; the bounds judge its times' },
  'sync_turn_holds.rev': { reason: 'compared for equality only: a write lands on the row as read' },
};

/** The tables STATE_COLUMNS must cover in full: every table of per-user sync state. */
export const STATE_TABLES = [
  'sync_settings',
  'sync_cursors',
  'sync_links',
  'sync_pending_creates',
  'sync_leases',
  // Before sync_runs: restored first, so the records' trigger finds its row (stored-state-table).
  'sync_state_companies',
  'sync_runs',
  'sync_run_items',
  'sync_conflicts',
  'sync_skipped',
  'sync_turn_holds',
] as const;
