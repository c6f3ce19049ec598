import { MemoryIdempotencyStore } from '../../src/server/idempotency-store.js';
import { expect } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import type { BcContacts, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { silentLogger } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { createDevIssuer, devUserKey } from '../../src/server/auth/dev-issuer.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import { buildApp } from '../../src/server/app.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import type { Ticker } from '../../src/core/lease.js';
import type { RunCancelMarks } from '../../src/core/run-cancel-marks.js';
import type { SyncEnvironment } from '../../src/server/sync/run-manager.js';
import { parseUserKey } from '../../src/server/auth/identity.js';
import { openedForTests } from '../support/opened.js';
import { devContext } from '../support/dev-app.js';
import type { BulkSlots } from '../../src/server/work-limits.js';
import type { FacadeContext } from '../../src/server/context.js';
import { assertNothingLost, watchSerialization } from '../support/serialized-answers.js';

export const ANN_UPN = 'ann@contoso.com';
const BOB_UPN = 'bob@contoso.com';
/** User keys (`<tid>:<oid>`) of the dev tokens for these UPNs: what every route and table uses. */
export const ANN = devUserKey(ANN_UPN);
export const BOB = devUserKey(BOB_UPN);
const UPN_OF = new Map([
  [ANN, ANN_UPN],
  [BOB, BOB_UPN],
]);

/** The user key of a dev token for `upn`; the harness's auth() then signs as that UPN. */
export function userOf(upn: string): string {
  const key = devUserKey(upn);
  UPN_OF.set(key, upn);
  return key;
}

/** A promise the test opens by hand: a run waits on it, so "still running" needs no sleep. */
export class Gate {
  private opened!: () => void;
  readonly promise = new Promise<void>((resolve) => (this.opened = resolve));
  entered = false;
  open(): void {
    this.opened();
  }
}

/** BC contacts whose full read can be held at a gate (one read per gate). */
class GatedBc extends MemoryBcContacts {
  gate: Gate | null = null;
  override async listAll(): Promise<BcContact[]> {
    const g = this.gate;
    if (g) {
      g.entered = true;
      this.gate = null;
      await g.promise;
    }
    return super.listAll();
  }
}

/** The facade's app (buildApp) on in-memory sides: one shared BC and a mailbox per user. */
export interface SyncHarness {
  readonly app: FastifyInstance;
  /** Every route registered (with its schema), for coverage checks over all routes. */
  readonly routes: readonly { method: string; url: string; schema?: unknown }[];
  readonly clock: ManualClock;
  readonly issuer: DevIssuer;
  readonly store: SyncStateStore;
  readonly bc: GatedBc;
  readonly manager: RunManager;
  readonly env: SyncEnvironment;
  mailbox(userId: string): MemoryMailbox;
  /** `Bearer <dev token>` for a user key of UPN_OF, or for a UPN. */
  auth(user: string): Promise<string>;
  close(): Promise<void>;
}

export async function syncHarness(
  options: {
    store?: SyncStateStore;
    issuer?: DevIssuer;
    adminToken?: string;
    /** Bulk requests in progress (work-limits.ts): a test's own, to fill or to watch. */
    bulkSlots?: BulkSlots;
    /** The run manager's timer (lease beats, following runs of other processes); none by default. */
    ticker?: Ticker;
    /** Cancel requests shared with other "processes" on the same store (run-cancel-marks.ts). */
    cancelMarks?: RunCancelMarks;
    /** Mounts more on the app before it is ready (the embedded Graph, as npm start does). */
    mount?: (app: FastifyInstance, issuer: DevIssuer) => Promise<void>;
    /** Parts of the facade's context a test puts in (a database for memberships, hold records). */
    ctx?: Partial<Pick<FacadeContext, 'db' | 'turnHolds'>>;
  } = {},
): Promise<SyncHarness> {
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const issuer = options.issuer ?? (await createDevIssuer());
  const store = options.store ?? new MemorySyncStateStore();
  const bc = new GatedBc(clock);
  const mailboxes = new Map<string, MemoryMailbox>();
  const mailbox = (userId: string) => {
    let m = mailboxes.get(userId);
    if (!m) mailboxes.set(userId, (m = new MemoryMailbox()));
    return m;
  };
  const env: SyncEnvironment = { bcContacts: async (): Promise<BcContacts> => bc, mailboxFor: mailbox };
  let n = 0;
  const manager = new RunManager({
    store,
    env,
    clock,
    logger: silentLogger,
    newRunId: () => `run-${++n}`,
    ...(options.ticker ? { ticker: options.ticker } : {}),
    ...(options.cancelMarks ? { cancelMarks: options.cancelMarks } : {}),
  });
  // The sync API's routes use the state store; only the BC API's (not tested here) use the database.
  const ctx = {
    ...devContext(issuer, {
      env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' },
      store,
      clock,
    }),
    ...options.ctx,
  };
  const routes: { method: string; url: string; schema?: unknown }[] = [];
  const app = await buildApp({
    ctx,
    sync: { env, manager },
    ...(options.bulkSlots ? { bulkSlots: options.bulkSlots } : {}),
    // No database unless given one: the pane's keyed POSTs keep their answers in memory.
    ...(options.ctx?.db ? {} : { idempotencyStore: new MemoryIdempotencyStore() }),
    onRoute: (r) => {
      for (const m of [r.method].flat())
        if (m !== 'HEAD') routes.push({ method: m, url: r.url, schema: r.schema });
    },
    // The CLI's route, as npm start has it, when a test asks for it.
    ...(options.adminToken
      ? {
          cli: {
            adminToken: options.adminToken,
            manager,
            // No database here: a UPN resolves as in dev mode (the dev token's key), a key as itself.
            users: {
              seen: async () => undefined,
              resolve: async (u: string) => (parseUserKey(u) ? u : devUserKey(u)),
            },
          },
        }
      : {}),
  });
  if (options.mount) await options.mount(app, issuer);
  const serialized = watchSerialization(app);
  await app.ready();
  const tokens = new Map<string, string>();
  return {
    app,
    routes,
    clock,
    issuer,
    store,
    bc,
    manager,
    env,
    mailbox,
    auth: async (user) => {
      const upn = UPN_OF.get(user) ?? user;
      let t = tokens.get(upn);
      if (!t) tokens.set(upn, (t = `Bearer ${await issuer.userToken(upn, 'facade')}`));
      return t;
    },
    close: async () => {
      await manager.close();
      await app.close();
      assertNothingLost(serialized);
    },
  };
}

export function outlookIn(h: SyncHarness, userId: string, folder = 'Business Central'): OutlookContact[] {
  const m = h.mailbox(userId);
  const f = m.folderByName(folder);
  return f ? m.folderContacts(f.id) : [];
}

export type Upn = string;

/** One request as a user (or anonymous with `null`), JSON in and out. */
export async function call(
  h: SyncHarness,
  upn: Upn | null,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const headers: Record<string, string> = upn ? { authorization: await h.auth(upn) } : {};
  const res = await h.app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  const body =
    res.body === '' ? null : res.headers['content-type']?.toString().includes('json') ? res.json() : res.body;
  // Tests read deep into JSON bodies; a loose type keeps them short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: body as Record<string, any>, headers: res.headers };
}

/**
 * Saves `userId`'s settings (PUT /sync/v1/settings): the defaults, with the folder `folderName`
 * holding the contacts of `city`, and conflicts kept for the user's choice (`manual`).
 */
export function putManualFolder(h: SyncHarness, userId: string, folderName: string, city: string) {
  return call(h, userId, 'PUT', '/sync/v1/settings', {
    ...DEFAULT_SETTINGS,
    folderName,
    filter: { city },
    conflictPolicy: 'manual',
  });
}

/** The record of a run when it ends (its `end` event). */
export function ended(h: SyncHarness, userId: string, runId: string) {
  return new Promise<RunRecord>((resolve, reject) => {
    const un = h.manager.subscribe(userId, runId, (e) => {
      if (e.type === 'end') resolve(e.record);
    });
    if (!un) reject(new Error(`unknown run ${runId}`));
  });
}

/**
 * Starts a run for `userId` a minute after the previous one (past any spacing between runs), expects
 * it accepted (202) and resolves with its record when it ends.
 */
export async function runToEnd(
  h: SyncHarness,
  userId: string,
  body: object = { mode: 'delta' },
): Promise<RunRecord> {
  h.clock.advance(60_000);
  const r = await call(h, userId, 'POST', '/sync/v1/runs', body);
  expect(r.status).toBe(202);
  return ended(h, userId, r.body.run.id);
}

/** One request to the CLI's routes (`/internal/…`) with the admin token, JSON in and out. */
export async function adminCall(
  app: FastifyInstance,
  adminToken: string,
  method: 'GET' | 'POST',
  url: string,
  body?: object,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await app.inject({
    method,
    url,
    headers: { 'x-admin-token': adminToken },
    ...(body ? { payload: body } : {}),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

/**
 * `bc-contact-sync sync` through the running server, as the CLI does it (cli/server-run.ts): start
 * the run (`POST /internal/runs`, 202 at once), then read it when it ended (`GET /internal/runs/:id`).
 * The end is awaited through the run's events, so no test polls or sleeps. A refusal answers the start.
 */
export async function cliRunToEnd(
  h: SyncHarness,
  adminToken: string,
  payload: { user: string; mode: string; [more: string]: unknown },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: Record<string, any> }> {
  const inject = (method: 'GET' | 'POST', url: string, body?: object) =>
    adminCall(h.app, adminToken, method, url, body);
  const started = await inject('POST', '/internal/runs', payload);
  if (started.status !== 202) return started;
  const runId = started.body.record.id as string;
  const userId = started.body.record.userId as string;
  await new Promise<void>((resolve) => {
    const un = h.manager.subscribe(userId, runId, (e) => e.type === 'end' && resolve());
    if (!un) resolve();
  });
  return inject('GET', `/internal/runs/${runId}?user=${encodeURIComponent(payload.user)}`);
}

/** The harness for the enclosing describe's (or file's) tests: built before them, closed after. */
export function useSyncHarness(options: Parameters<typeof syncHarness>[0] = {}): SyncHarness {
  return openedForTests(() => syncHarness(options));
}

/** One server-sent event of a run's stream. */
export type SseEvent = { event: string; data: Record<string, unknown> };

/** The events of a run's stream as sent (`event:` and `data:` lines, a blank line between). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [e, d] = block.split('\n');
      return { event: e!.slice('event: '.length), data: JSON.parse(d!.slice('data: '.length)) };
    });
}
