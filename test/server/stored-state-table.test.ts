import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { localProcesses } from '../../src/platform/local-process.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import type { RunningServer } from '../../src/server/main.js';
import { runCli, startInProcessProduct } from '../support/in-process-product.js';
import type { InProcessProduct, Json } from '../support/in-process-product.js';
import { paneEngineHost } from '../support/product-hosts.js';
import { CORRUPTIONS, STATE_COLUMNS, STATE_TABLES } from '../support/stored-corruptions.js';
import type { CorruptionContext, CorruptionRow } from '../support/stored-corruptions.js';

// Issue 9 §1's kind over every stored value (brief "stored"; F116 was its first example): a value
// the product persisted and later replays or trusts — garbled, truncated, from another host or
// access kind, from an older version, or naming something since deleted — never stops a user.
// After each row of CORRUPTIONS: a full run succeeds, then a delta run succeeds, the hosts taking
// turns (the full on one host, the delta on the next: pane engine over the HTTP state store, the
// scheduled run, the CLI), and nothing is written twice or lost: both sides keep their counts,
// no e-mail appears twice on either side, one sync folder. On the embedded default (PGlite).

const USER = 'ann@contoso.com';
const USER_KEY = devUserKey(USER);
const FOLDER = DEFAULT_SETTINGS.folderName;

type Host = 'pane' | 'scheduled' | 'CLI';
const HOSTS: readonly Host[] = ['scheduled', 'pane', 'CLI'];

/** One row's outcome: each run's status (and first error code), then what the sides show. */
interface RowOutcome {
  readonly row: string;
  readonly full: string;
  readonly delta: string;
  readonly sides: string;
}

describe('every stored value, spoilt, never stops a user (PGlite)', () => {
  let product: InProcessProduct;
  let server: RunningServer;
  let companyId: string;
  let folderId: string;
  let context: CorruptionContext;
  let bcEmails: string[];
  let outlookEmails: string[];

  const api = (path: string, init?: RequestInit, token?: string) => product.api(path, init, token);
  const bcContacts = async () =>
    (await api(`/api/v2.0/companies(${companyId})/contacts?$top=5000`)).value as Json[];
  const outlookContacts = async (): Promise<Json[]> => {
    const all: Json[] = [];
    let next: string | undefined = `/graph/v1.0/me/contactFolders/${folderId}/contacts?$top=1000`;
    while (next) {
      const page = await api(next.replace(/^https?:\/\/[^/]+/, ''), {}, product.graphToken);
      all.push(...(page.value as Json[]));
      next = page['@odata.nextLink'] as string | undefined;
    }
    return all;
  };
  const syncFolders = async () =>
    ((await api(`/graph/v1.0/me/contactFolders?$top=100`, {}, product.graphToken)).value as Json[]).filter(
      (f) => String(f.displayName).toLowerCase() === FOLDER.toLowerCase(),
    );
  const emailOf = (c: Json) => String(c.emailAddresses?.[0]?.address ?? c.email ?? '').toLowerCase();
  const twice = (emails: string[]) => emails.filter((e, i) => e !== '' && emails.indexOf(e) !== i);

  const paneRun = (mode: SyncMode): Promise<RunRecord> =>
    paneEngineHost(product, USER, async () => ({ id: companyId })).run(mode);
  const scheduledRun = async (mode: SyncMode): Promise<RunRecord> =>
    (await server.manager.runNow(USER_KEY, { mode, trigger: 'schedule' })).record;
  const cliRun = async (mode: SyncMode): Promise<RunRecord> => {
    const r = await runCli(['sync', '--user', USER, '--mode', mode], {
      DATA_DIR: product.dir,
      HTTPS: '0',
      SCHEDULER: '0',
      LOG_LEVEL: 'silent',
    });
    if (r.stdout.trim() === '') throw new Error(`CLI exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
    return (JSON.parse(r.stdout) as { record: RunRecord }).record;
  };
  const runOn = { pane: paneRun, scheduled: scheduledRun, CLI: cliRun } as const;

  /** A run's outcome in one word: `succeeded`, or its status and first error's code and message. */
  const outcomeOf = async (host: Host, mode: SyncMode): Promise<string> => {
    try {
      const r = await runOn[host](mode);
      if (r.status === 'succeeded') return 'succeeded';
      const e = r.errors[0];
      return `${r.status} ${e?.code ?? ''}: ${(e?.message ?? '').slice(0, 120)}`;
    } catch (e) {
      return `threw: ${(e instanceof Error ? e.message : String(e)).slice(0, 160)}`;
    }
  };

  /** What the sides show: `ok`, or what was written twice or lost (against the e-mails at the start). */
  const sidesAfter = async (): Promise<string> => {
    const bc = (await bcContacts()).map(emailOf).sort();
    const outlook = (await outlookContacts()).map(emailOf).sort();
    const diff = (side: string, before: string[], now: string[]) => [
      ...twice(now)
        .filter((e) => !twice(before).includes(e))
        .map((e) => `${side} twice ${e}`),
      ...before.filter((e) => !now.includes(e)).map((e) => `${side} lost ${e}`),
      ...(now.length !== before.length ? [`${side} ${before.length} → ${now.length}`] : []),
    ];
    const problems = [...diff('BC', bcEmails, bc), ...diff('Outlook', outlookEmails, outlook)];
    const folders = (await syncFolders()).length;
    if (folders !== 1) problems.push(`${folders} sync folders`);
    return problems.length === 0 ? 'ok' : problems.join('; ');
  };

  beforeAll(async () => {
    product = await startInProcessProduct('bcsync-stored-', USER, { SEED_DEMO: '1' });
    ({ server, companyId } = product);
    // Saved settings, as a user who opened the pane has: the settings rows spoil them.
    await server.ctx.stateStore.putSettings(USER_KEY, DEFAULT_SETTINGS);
    const first = await scheduledRun('full');
    expect({ status: first.status, errors: first.errors }).toEqual({ status: 'succeeded', errors: [] });
    folderId = (await syncFolders())[0]!.id as string;
    // A folder of the mailbox since deleted: what a spoilt folder id or link names.
    const gone = await api(
      '/graph/v1.0/me/contactFolders',
      { method: 'POST', body: JSON.stringify({ displayName: `Gone ${randomUUID()}` }) },
      product.graphToken,
    );
    await product.request(
      `/graph/v1.0/me/contactFolders/${gone.id as string}`,
      { method: 'DELETE' },
      product.graphToken,
    );
    // A delta after the full: the cursor holds both delta links, as a user's does.
    expect(await outcomeOf('scheduled', 'delta')).toBe('succeeded');
    context = {
      db: server.ctx.db,
      userKey: USER_KEY,
      folderId,
      companyId,
      goneBcId: randomUUID(),
      goneFolderId: gone.id as string,
      thisHost: localProcesses().self.host,
    };
    bcEmails = (await bcContacts()).map(emailOf).sort();
    outlookEmails = (await outlookContacts()).map(emailOf).sort();
    expect(outlookEmails.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await product?.close();
  });

  test('the table names every column of the sync state tables (a new column needs a row)', async () => {
    const columns = await server.ctx.db.query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY 1`,
      [STATE_TABLES],
    );
    expect(columns.rows.map((r) => r.name).sort()).toEqual(Object.keys(STATE_COLUMNS).sort());
    const spoilt = new Set(CORRUPTIONS.map((r) => r.value.split('.').slice(0, 2).join('.')));
    const uncovered = Object.entries(STATE_COLUMNS)
      .filter(([name, how]) => how === 'covered' && !spoilt.has(name))
      .map(([name]) => name);
    expect(uncovered).toEqual([]);
  });

  // One test per row (each its own jest timeout under load), in the table's order: the hosts take
  // turns by row. A row the product must refuse: both runs end in that typed refusal (its words
  // on the CLI), never in a crash.
  test.each(CORRUPTIONS.map((row, i) => [`${row.value} ${row.corruption}: ${row.what}`, row, i] as const))(
    '%s → the next full and delta runs succeed (or refuse as the row names), nothing twice or lost',
    async (_name, row, i) => {
      const outcome = await spoilAndRun(row, i);
      const refused = row.refusal;
      const shows = (run: string) =>
        refused && (run.includes(refused.code) || run.includes(refused.words)) ? run : 'succeeded';
      expect(outcome).toEqual({
        row: outcome.row,
        full: shows(outcome.full),
        delta: shows(outcome.delta),
        sides: 'ok',
      });
    },
  );

  async function spoilAndRun(row: CorruptionRow, i: number): Promise<RowOutcome> {
    const fullHost = HOSTS[i % HOSTS.length]!;
    const deltaHost = HOSTS[(i + 1) % HOSTS.length]!;
    const saved = await saveState();
    await row.apply(context);
    const full = await outcomeOf(fullHost, 'full');
    const delta = await outcomeOf(deltaHost, 'delta');
    const sides = await sidesAfter();
    const outcome = {
      row: `${row.value} ${row.corruption} (${row.what}) · full on ${fullHost}, delta on ${deltaHost}`,
      full,
      delta,
      sides,
    };
    // A row that failed leaves its spoilt value behind: repair what the next rows stand on, so
    // each row is judged alone (the outcome above is what this row did).
    if (full !== 'succeeded' || delta !== 'succeeded') await restoreState(saved);
    return outcome;
  }

  /** The user's rows of every state table (lease rows by key), as JSON. */
  async function saveState(): Promise<Map<string, string>> {
    const saved = new Map<string, string>();
    for (const table of STATE_TABLES) {
      if (table === 'sync_run_items') continue;
      const where = table === 'sync_leases' ? `key LIKE $1 || '|%'` : 'user_id = $1';
      const r = await server.ctx.db.query<{ rows: unknown }>(
        `SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) AS rows FROM ${table} t WHERE ${where}`,
        [USER_KEY],
      );
      saved.set(table, JSON.stringify(r.rows[0]!.rows));
    }
    return saved;
  }

  /** Puts back what saveState read: a row whose runs failed leaves nothing for the next rows. */
  async function restoreState(saved: Map<string, string>): Promise<void> {
    await server.ctx.db.transaction(async (tx) => {
      for (const [table, rows] of saved) {
        const where = table === 'sync_leases' ? `key LIKE $1 || '|%'` : 'user_id = $1';
        await tx.query(`DELETE FROM ${table} WHERE ${where}`, [USER_KEY]);
        await tx.query(
          `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(null::${table}, $1::jsonb)`,
          [rows],
        );
      }
    });
  }
});
