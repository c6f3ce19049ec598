import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import type { RunningServer } from '../../src/server/main.js';
import { runInPane } from '../../src/taskpane/engine/pane-engine.js';
import { runCli, startInProcessProduct } from '../support/in-process-product.js';
import type { InProcessProduct } from '../support/in-process-product.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';

// Issue 9 §1: one user's sync runs in three hosts — the pane (delegated Graph, /me), the scheduler
// and the CLI (app-only Graph, /users/{id}) — and each continues from the state the others left.
// The matrix takes turns on one user with edits on both sides in between, on the embedded store
// and on PostgreSQL: every run succeeds, writes exactly the edits, and both sides agree.

const USER = 'ann@contoso.com';
/** The key the facade stores Ann's state under (tenant id + object id of her token). */
const USER_KEY = devUserKey(USER);
const FOLDER = 'Business Central';
type Json = Record<string, unknown> & { value: Record<string, unknown>[] };

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli(args, { ...env, HTTPS: '0', SCHEDULER: '0', LOG_LEVEL: 'silent' });

interface Backend {
  readonly name: string;
  setUp(): Promise<{ env: NodeJS.ProcessEnv; tearDown: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'the embedded default (PGlite)',
    setUp: async () => ({ env: {}, tearDown: async () => undefined }),
  },
  {
    name: 'PostgreSQL',
    setUp: async () => {
      const db: TestDatabase = await createTestDatabase('hosts_matrix');
      return { env: { DATABASE_URL: db.url }, tearDown: () => db.drop() };
    },
  },
];

describe.each(backends)('one user, three hosts, on $name', (backend) => {
  let product: InProcessProduct;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let tearDown: () => Promise<void>;
  let server: RunningServer;
  let facadeToken: string;
  let graphToken: string;
  let companyId: string;
  let folderId: string;
  let bcCount: number;
  let outlookCount: number;

  const api = (path: string, init?: RequestInit, token?: string) =>
    product.api(path, init, token) as Promise<Json>;
  const contactsPath = () => `/api/v2.0/companies(${companyId})/contacts`;
  const bcContacts = async () => (await api(`${contactsPath()}?$top=5000`)).value;
  const outlookPath = () => `/graph/v1.0/me/contactFolders/${folderId}/contacts`;
  const outlookContacts = async () => {
    const all: Record<string, unknown>[] = [];
    let next: string | undefined = `${outlookPath()}?$top=1000`;
    while (next) {
      const page: Json = await api(next.replace(/^https?:\/\/[^/]+/, ''), {}, graphToken);
      all.push(...page.value);
      next = page['@odata.nextLink'] as string | undefined;
    }
    return all;
  };
  const emailOf = (c: Record<string, unknown>) =>
    (
      ((c.emailAddresses as { address: string }[] | undefined)?.[0]?.address ?? c.email ?? '') as string
    ).toLowerCase();

  const paneRun = async (mode: SyncMode): Promise<RunRecord> => {
    const { record } = await runInPane(
      {
        origin: server.url,
        graphBaseUrl: `${server.url}/graph/v1.0`,
        tokens: {
          user: USER,
          facade: async () => facadeToken,
          graph: async () => graphToken,
          renew: async (audience) => (audience === 'facade' ? facadeToken : graphToken),
        },
        userId: async () => USER_KEY,
        company: async () => ({ id: companyId }),
      },
      { mode, dryRun: false },
      () => undefined,
      () => false,
    );
    return record;
  };
  const scheduledRun = async (mode: SyncMode): Promise<RunRecord> =>
    (await server.manager.runNow(USER_KEY, { mode, trigger: 'schedule' })).record;
  const cliRun = async (mode: SyncMode): Promise<RunRecord> => {
    const r = await cli(['sync', '--user', USER, '--mode', mode], { ...env, DATA_DIR: dir });
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { record: RunRecord }).record;
  };

  /** One edit on each side of a linked pair, and the values both sides must hold afterwards. */
  let round = 0;
  const edits: { bcEmail: string; outlookEmail: string; bcTitle: string; outlookTitle: string }[] = [];
  const editBothSides = async () => {
    round += 1;
    const bc = (await bcContacts()).filter((c) => c.type === 'Person' && emailOf(c) !== '');
    const outlook = await outlookContacts();
    const used = new Set(edits.flatMap((e) => [e.bcEmail, e.outlookEmail]));
    const linked = bc.filter(
      (c) => !used.has(emailOf(c)) && outlook.filter((o) => emailOf(o) === emailOf(c)).length === 1,
    );
    const onBc = linked[0] as Record<string, unknown>;
    const onOutlookBc = linked[1] as Record<string, unknown>;
    const onOutlook = outlook.find((o) => emailOf(o) === emailOf(onOutlookBc)) as Record<string, unknown>;
    const e = {
      bcEmail: emailOf(onBc),
      outlookEmail: emailOf(onOutlookBc),
      bcTitle: `BC title ${round}`,
      outlookTitle: `Outlook title ${round}`,
    };
    await api(`${contactsPath()}(${onBc.id as string})`, {
      method: 'PATCH',
      headers: { 'if-match': onBc['@odata.etag'] as string },
      body: JSON.stringify({ jobTitle: e.bcTitle }),
    });
    await api(
      `${outlookPath()}/${onOutlook.id as string}`,
      { method: 'PATCH', body: JSON.stringify({ jobTitle: e.outlookTitle }) },
      graphToken,
    );
    edits.push(e);
  };

  const expectClean = (record: RunRecord, mode: SyncMode) => {
    expect({ status: record.status, errors: record.errors, mode: record.mode }).toEqual({
      status: 'succeeded',
      errors: [],
      mode,
    });
  };

  beforeAll(async () => {
    ({ env, tearDown } = await backend.setUp());
    env = { ...env, SEED_DEMO: '1' };
    product = await startInProcessProduct('bcsync-hosts-', USER, env);
    ({ server, dir, facadeToken, graphToken, companyId } = product);
  });
  afterAll(async () => {
    await product?.close();
    await tearDown?.();
  });

  test('pane full → pane delta → scheduled delta → CLI delta → pane delta → scheduled full → CLI delta', async () => {
    const first = await paneRun('full');
    expectClean(first, 'full');
    const folders = await api(
      `/graph/v1.0/me/contactFolders?$filter=displayName eq '${encodeURIComponent(FOLDER)}'`,
      {},
      graphToken,
    );
    folderId = folders.value[0]!.id as string;
    bcCount = (await bcContacts()).length;
    outlookCount = (await outlookContacts()).length;
    expect(outlookCount).toBeGreaterThan(10);

    // The pane's own first "Sync with Microsoft 365" leaves the first delta link (the case).
    const turns: [string, (m: SyncMode) => Promise<RunRecord>, SyncMode][] = [
      ['pane', paneRun, 'delta'],
      ['scheduled', scheduledRun, 'delta'],
      ['CLI', cliRun, 'delta'],
      ['pane', paneRun, 'delta'],
      ['scheduled', scheduledRun, 'full'],
      ['CLI', cliRun, 'delta'],
    ];
    for (const [host, run, mode] of turns) {
      await editBothSides();
      const record = await run(mode);
      expectClean(record, mode);
      // What the run left for the next host names neither a host nor a mailbox root.
      const cursor = await server.ctx.stateStore.getCursor({ userId: USER_KEY, folderId });
      expect({ host, deltaLink: cursor?.deltaLink, bcDeltaLink: cursor?.bcDeltaLink }).toEqual({
        host,
        deltaLink: expect.stringMatching(/^contactFolders\/[^/]+\/contacts\/delta\?\$deltatoken=/),
        // BC's delta link too (issue 11 §1): relative to the API root, followed by every host.
        bcDeltaLink: expect.stringMatching(/^companies\([0-9a-f-]{36}\)\/contacts\?\$deltatoken=/),
      });
      // Exactly the two edits travel, once each: one Outlook update, one BC update, nothing else.
      expect({ host, counts: record.counts }).toEqual({
        host,
        counts: {
          bc: { created: 0, updated: 1, deleted: 0 },
          outlook: { created: 0, updated: 1, deleted: 0 },
        },
      });
    }

    // Both sides agree and hold every last edit; nothing was created twice on either side.
    const bc = await bcContacts();
    const outlook = await outlookContacts();
    expect(bc).toHaveLength(bcCount);
    expect(outlook).toHaveLength(outlookCount);
    for (const e of edits) {
      expect(bc.find((c) => emailOf(c) === e.bcEmail)?.jobTitle).toBe(e.bcTitle);
      expect(outlook.find((c) => emailOf(c) === e.bcEmail)?.jobTitle).toBe(e.bcTitle);
      expect(bc.find((c) => emailOf(c) === e.outlookEmail)?.jobTitle).toBe(e.outlookTitle);
      expect(outlook.find((c) => emailOf(c) === e.outlookEmail)?.jobTitle).toBe(e.outlookTitle);
    }
    const again = await paneRun('delta');
    expectClean(again, 'delta');
    expect(again.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
  });
});
