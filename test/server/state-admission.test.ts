import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { STATE_LIMITS } from '../../src/core/state-limits.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { countScopes } from '../../src/store/user-scopes.js';
import { conflict, link, run, skipEntryFixture } from '../contracts/sync-state-store.fixtures.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// F122 (tester, MED): the sync state routes (the pane's engine) took any number of folders per
// user, kept every run record, and let a user with no company membership write state. Now every
// state write asks state-admission.ts first: 403 NoCompanyMembership without a membership, 409
// TooManySyncFolders for a folder past STATE_LIMITS.perUser.scopes; every store keeps a user's
// newest STATE_LIMITS.perUser.runs run records.

const SCOPES = STATE_LIMITS.perUser.scopes;
const RUNS = STATE_LIMITS.perUser.runs;

/** One state write as the pane's engine sends it (HttpSyncStateStore), for `userId` and `folderId`. */
interface WriteRow {
  readonly method: 'POST' | 'PUT';
  /** The route as the OpenAPI document names it. */
  readonly route: string;
  /** Whether the write names a folder (scope) in its query: those are capped per user. */
  readonly scoped: boolean;
  request(userId: string, folderId: string, n: number): { url: string; payload: unknown };
}

const q = (userId: string, folderId: string) =>
  `userId=${encodeURIComponent(userId)}&folderId=${encodeURIComponent(folderId)}`;
const scoped = (method: 'POST' | 'PUT', path: string, body: (n: number) => unknown): WriteRow => ({
  method,
  route: `/sync/v1/state${path}`,
  scoped: true,
  request: (userId, folderId, n) => ({
    url: `/sync/v1/state${path}?${q(userId, folderId)}`,
    payload: body(n),
  }),
});
const lease = (path: string, body: (n: number) => unknown): WriteRow => ({
  method: 'POST',
  route: `/sync/v1/state/lease/${path}`,
  scoped: false,
  request: (_u, _f, n) => ({ url: `/sync/v1/state/lease/${path}`, payload: body(n) }),
});
const bcId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const leaseBody = (n: number) => ({
  key: `lease-${n}`,
  owner: `owner-${n}`,
  now: new Date().toISOString(),
  ttlMs: 1000,
});

/** Every state write route: the table the tests below run, checked complete against the OpenAPI document. */
const WRITES: readonly WriteRow[] = [
  {
    method: 'PUT',
    route: '/sync/v1/state/settings',
    scoped: false,
    request: (userId) => ({
      url: `/sync/v1/state/settings?userId=${encodeURIComponent(userId)}`,
      payload: DEFAULT_SETTINGS,
    }),
  },
  scoped('PUT', '/cursor', () => ({ bcDeltaLink: null, deltaLink: null, filterKey: 'k' })),
  scoped('POST', '/links', (n) => ({ links: [link(bcId(n), `ol-${n}`, n)] })),
  scoped('POST', '/links/delete', (n) => ({ bcIds: [bcId(n)] })),
  scoped('POST', '/pending-creates', (n) => ({ bcIds: [bcId(n)] })),
  scoped('POST', '/pending-creates/clear', (n) => ({ bcIds: [bcId(n)] })),
  scoped('POST', '/conflicts', (n) => ({ upserts: [conflict(bcId(n), `ol-${n}`, 'Turku')], remove: [] })),
  scoped('POST', '/skipped', (n) => ({
    entries: [skipEntryFixture(`skip-${n}`, 'missingEmail')],
    replace: false,
  })),
  lease('acquire', leaseBody),
  lease('renew', leaseBody),
  lease('release', (n) => ({ key: `lease-${n}`, owner: `owner-${n}` })),
  {
    method: 'PUT',
    route: '/sync/v1/state/runs/{id}',
    scoped: false,
    request: (userId, _f, n) => {
      const record = run(userId, `run-admission-${n}`, new Date().toISOString());
      return { url: `/sync/v1/state/runs/${record.id}`, payload: record };
    },
  },
];

/** The state routes that write nothing although they are POSTs (a look-up with a long id list). */
const READS_BY_POST = ['POST /sync/v1/state/links/find'];

describe('F122: who may write sync state through the state routes, and how much', () => {
  let server: QuietServer;
  let seq = 0;
  /** A dev user's key and facade token; a member of the demo company when `member`. */
  const user = async (name: string, member: boolean) => {
    const upn = `${name}-${++seq}@contoso.com`;
    const userId = devUserKey(upn);
    if (member) await grantMembership(server.ctx.db, userId, 'demo-company', 'test');
    const token = await server.ctx.devIssuer!.userToken(upn, 'facade');
    return { userId, authorization: `Bearer ${token}` };
  };
  const send = (row: WriteRow, authorization: string, userId: string, folderId: string, n: number) => {
    const { url, payload } = row.request(userId, folderId, n);
    return server.app.inject({
      method: row.method,
      url,
      headers: { authorization },
      payload: payload as object,
    });
  };

  beforeAll(async () => {
    server = await startQuietServer('bcsync-admission-', { overrides: NO_RATE_LIMIT });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
  });

  test('the table holds every state write route of the OpenAPI document', async () => {
    const doc = (await server.app.inject({ url: '/docs/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/sync/v1/state/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .map((m) => `${m.toUpperCase()} ${path}`)
          .filter((r) => /^(POST|PUT|PATCH|DELETE) /.test(r)),
      )
      .filter((r) => !READS_BY_POST.includes(r));
    expect(writes.sort()).toEqual(WRITES.map((w) => `${w.method} ${w.route}`).sort());
  });

  test.each(WRITES.map((w) => [`${w.method} ${w.route}`, w] as const))(
    'no company membership: %s → 403 NoCompanyMembership, nothing stored',
    async (_name, row) => {
      const { userId, authorization } = await user('nomember', false);
      const res = await send(row, authorization, userId, 'folder-1', 1);
      expect({
        status: res.statusCode,
        code: (res.json() as { error?: { code?: string } }).error?.code,
      }).toEqual({
        status: 403,
        code: 'Authorization_NoCompanyMembership',
      });
      const store = server.ctx.stateStore;
      expect(await countScopes(server.ctx.db, userId, 10)).toBe(0);
      expect(await store.getSettings(userId)).toBeNull();
      expect(await store.listRuns(userId, 10)).toEqual([]);
    },
  );

  test('the example: a user with no membership wrote links (was 204) → 403; a member still writes them', async () => {
    const row = WRITES.find((w) => w.route === '/sync/v1/state/links')!;
    const outsider = await user('outsider', false);
    expect((await send(row, outsider.authorization, outsider.userId, 'f', 1)).statusCode).toBe(403);
    const member = await user('member', true);
    expect((await send(row, member.authorization, member.userId, 'f', 1)).statusCode).toBe(204);
  });

  // F130 (tester, LOW): once a user's last membership was revoked, the state routes still served
  // the company's contact values from their state (links' bases, conflicts, skipped contacts).
  test('F130: every read of state that holds contact values is refused once the last membership is revoked', async () => {
    const member = await user('revoked', true);
    const folder = 'folder-r';
    for (const route of ['/sync/v1/state/links', '/sync/v1/state/conflicts', '/sync/v1/state/skipped'])
      expect(
        (
          await send(
            WRITES.find((w) => w.route === route)!,
            member.authorization,
            member.userId,
            folder,
            1,
          )
        ).statusCode,
      ).toBe(204);
    const scope = q(member.userId, folder);
    const reads: readonly { method: 'GET' | 'POST'; url: string; payload?: object }[] = [
      ...['cursor', 'links', 'links/count', 'pending-creates', 'conflicts', 'skipped'].map((r) => ({
        method: 'GET' as const,
        url: `/sync/v1/state/${r}?${scope}`,
      })),
      {
        method: 'POST',
        url: `/sync/v1/state/links/find?${scope}`,
        payload: { bcIds: [bcId(1)], outlookIds: [] },
      },
      ...['links', 'conflicts', 'skipped'].map((r) => ({ method: 'GET' as const, url: `/sync/v1/${r}` })),
    ];
    const statuses = async () =>
      Promise.all(
        reads.map(async (r) => {
          const res = await server.app.inject({ ...r, headers: { authorization: member.authorization } });
          return `${r.method} ${r.url.split('?')[0]} ${res.statusCode}`;
        }),
      );
    expect(await statuses()).toEqual(reads.map((r) => `${r.method} ${r.url.split('?')[0]} 200`));
    expect(await revokeMembership(server.ctx.db, member.userId, 'demo-company')).toBe(true);
    expect(await statuses()).toEqual(reads.map((r) => `${r.method} ${r.url.split('?')[0]} 403`));
  });

  describe(`a user's state holds at most ${SCOPES} folders`, () => {
    let full: { userId: string; authorization: string };
    beforeAll(async () => {
      full = await user('full', true);
      // The user's state holds SCOPES folders, each by one list or the cursor (any of them counts).
      const kinds = [
        (f: string) =>
          server.ctx.stateStore.putCursor(
            { userId: full.userId, folderId: f },
            { bcDeltaLink: null, deltaLink: null, filterKey: 'k' },
          ),
        (f: string) =>
          server.ctx.stateStore.upsertLinks({ userId: full.userId, folderId: f }, [link(bcId(1), 'ol-1', 1)]),
        (f: string) =>
          server.ctx.stateStore.addPendingCreates({ userId: full.userId, folderId: f }, [bcId(1)]),
        (f: string) =>
          server.ctx.stateStore.putConflicts(
            { userId: full.userId, folderId: f },
            [conflict(bcId(1), 'ol-1', 'Turku')],
            [],
          ),
        (f: string) =>
          server.ctx.stateStore.putSkipped(
            { userId: full.userId, folderId: f },
            [skipEntryFixture('k', 'missingName')],
            { replace: false },
          ),
      ];
      for (let i = 0; i < SCOPES; i++) await kinds[i % kinds.length]!(`folder-${String(i).padStart(3, '0')}`);
      expect(await countScopes(server.ctx.db, full.userId, SCOPES + 5)).toBe(SCOPES);
    }, 600_000);

    test.each(WRITES.filter((w) => w.scoped).map((w) => [`${w.method} ${w.route}`, w] as const))(
      '%s: a new folder → 409 TooManySyncFolders naming the limit; a folder it holds → 204',
      async (_name, row) => {
        const refused = await send(row, full.authorization, full.userId, 'folder-new', 7);
        const body = refused.json() as {
          error: { code: string; message: string; details: { target: string; reason: unknown }[] };
        };
        expect({ status: refused.statusCode, code: body.error.code }).toEqual({
          status: 409,
          code: 'TooManySyncFolders',
        });
        expect(body.error.message).toContain(String(SCOPES));
        expect(body.error.details[0]).toMatchObject({
          target: 'query.folderId',
          reason: { kind: 'tooManyFolders', max: SCOPES },
        });
        const kept = await send(
          row,
          full.authorization,
          full.userId,
          `folder-${String(7).padStart(3, '0')}`,
          7,
        );
        expect(kept.statusCode).toBe(204);
        expect(await countScopes(server.ctx.db, full.userId, SCOPES + 5)).toBe(SCOPES);
      },
    );

    test('the example: the 51st folder of one user was stored → refused; another user is not affected', async () => {
      const links = WRITES.find((w) => w.route === '/sync/v1/state/links')!;
      expect((await send(links, full.authorization, full.userId, 'folder-51st', 1)).statusCode).toBe(409);
      const other = await user('other', true);
      expect((await send(links, other.authorization, other.userId, 'folder-51st', 1)).statusCode).toBe(204);
    });
  });

  test(`the example: run records past ${RUNS} per user drop the oldest (were all kept)`, async () => {
    const { userId, authorization } = await user('runs', true);
    const store = server.ctx.stateStore;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    for (let i = 0; i < RUNS; i++)
      await store.saveRun(run(userId, `old-${String(i).padStart(4, '0')}`, at(i)));
    const row = WRITES.find((w) => w.route === '/sync/v1/state/runs/{id}')!;
    expect((await send(row, authorization, userId, '', 1)).statusCode).toBe(204);
    const kept = await store.listRuns(userId, RUNS + 10);
    expect(kept).toHaveLength(RUNS);
    expect(kept[0]!.id).toBe('run-admission-1');
    expect(await store.getRun(userId, 'old-0000')).toBeNull();
    expect(await store.getRun(userId, 'old-0001')).not.toBeNull();
    // Saving a kept record again replaces it and drops nothing.
    await store.saveRun({ ...kept[5]!, status: 'failed' });
    expect(await store.listRuns(userId, RUNS + 10)).toHaveLength(RUNS);
    expect(await store.getRun(userId, 'old-0001')).not.toBeNull();
  }, 600_000);
});
