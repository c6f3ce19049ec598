import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { stateFolder } from '../../src/core/folder-move.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import type { MailFolder, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { ResolveError, resolveConflict } from '../../src/core/resolve.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { RunOutcome } from '../../src/core/run.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { uncertainFetch } from './uncertain-fetch.js';
import type { WriteCall, WriteFate } from './uncertain-fetch.js';
import type { UncertainWorld } from './uncertain-world.js';

/**
 * Two hosts of one salesperson's sync on the real facade (BC API and sync state on PGlite) and the
 * real Graph emulator, in process: the pane's engine (its state over the sync API, HttpSyncStateStore)
 * and the scheduler's (the facade's SqlSyncStateStore). Each host's every port call — its BC and
 * Graph requests and its state-store calls, counted together — can be the one where its process
 * dies (every call after throws, nothing is released) or stalls (it waits while the test lets the
 * lease expire and the other host run), before the call or after it was applied.
 */

/**
 * `pane`: state over the sync API, BC over the facade's HTTP API. `schedule`: the facade's store,
 * BC over HTTP. `scheduleStore`: as the scheduler runs in store mode (environment.ts): the
 * facade's store and BC in process (MemberStoreBcContacts), each BC call a port call that can be
 * the stop — a stop after a write is its answer lost on the in-process path.
 */
export type HostName = 'pane' | 'schedule' | 'scheduleStore';

/**
 * Where a run stops: at its `at`-th port call, before it or after it was applied. `cancel`: the
 * user cancels the run there (its CancelToken says so from then on) and it goes on to its end.
 */
export interface Stop {
  readonly at: number;
  readonly how: 'die' | 'stall' | 'cancel';
  readonly after: boolean;
  /**
   * Stop at a call whose description (`POST <url>`, `GET <url>`, `store <method>`, `bc <method>`)
   * holds this text (or one of these texts) instead of the `at`-th call — the `at`-th such call,
   * the first for `at` 0 or 1: a named scenario stays on its call when a change adds port calls
   * before it, and the model aims at a kind of call (a BC create, a Graph write) wherever it falls.
   */
  readonly on?: string | readonly string[];
}

class ProcessDied extends Error {
  constructor() {
    super('the host process died (test)');
  }
}

/** One run's port calls, and its stop. */
class Stopper {
  calls = 0;
  dead = false;
  stalled = false;
  /** The user cancelled the run (a `cancel` stop was reached). */
  cancelled = false;
  /** The stop was reached (a stop `on` a call's text hits once). */
  stopped = false;
  /** The calls so far whose description matched the stop's `on`. */
  private matched = 0;
  /** Resolves when the run reached its stall (held until `resume`). */
  readonly reached: Promise<void>;
  private onReached!: () => void;
  private resumeGate!: () => void;
  private readonly gate = new Promise<void>((r) => (this.resumeGate = r));
  constructor(
    private readonly stop: Stop | null,
    private readonly name = '',
  ) {
    this.reached = new Promise((r) => (this.onReached = r));
  }
  resume(): void {
    this.resumeGate();
  }
  private async hit(): Promise<void> {
    if (this.stop!.how === 'cancel') {
      this.cancelled = true;
      return;
    }
    if (this.stop!.how === 'die') {
      this.dead = true;
      throw new ProcessDied();
    }
    this.stalled = true;
    this.onReached();
    await this.gate;
  }
  private hits(stop: Stop, n: number, what: string): boolean {
    if (stop.on === undefined) return n === stop.at;
    const texts: readonly string[] = typeof stop.on === 'string' ? [stop.on] : stop.on;
    if (!texts.some((t) => what.includes(t))) return false;
    return ++this.matched >= Math.max(1, stop.at);
  }
  async step<T>(call: () => Promise<T>, what = ''): Promise<T> {
    if (this.dead) throw new ProcessDied();
    // A stalled process makes no call at all until it goes on (its other branches wait too).
    if (this.stalled) await this.gate;
    const n = ++this.calls;
    const hit = this.stop !== null && !this.stopped && this.hits(this.stop, n, what);
    if (hit) this.stopped = true;
    // CRASH_MODEL_DEBUG=2: every port call of the run, numbered as `Stop.at` counts them.
    if (process.env.CRASH_MODEL_DEBUG === '2' || process.env.CRASH_MODEL_DEBUG === '3')
      process.stdout.write(`  ${this.name} call ${n}${hit ? ' (stop)' : ''}: ${what}\n`);
    if (hit && !this.stop!.after) await this.hit();
    const out = await call();
    if (hit && this.stop!.after) await this.hit();
    return out;
  }
}

/** `store` with every call through `stopper` (the fenced views it hands out too). */
function stoppable(store: SyncStateStore, stopper: Stopper): SyncStateStore {
  return new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => unknown;
      if (prop === 'fenced')
        return (...a: unknown[]) => stoppable(f.apply(target, a) as SyncStateStore, stopper);
      return (...a: unknown[]) => stopper.step(async () => f.apply(target, a), `store ${String(prop)}`);
    },
  });
}

/** The BcContacts methods that reach the store (the port's asynchronous ones). */
const BC_CALLS = new Set<PropertyKey>([
  'listAll',
  'readChanges',
  'readInFull',
  'getMany',
  'findByEmails',
  'create',
  'update',
  'delete',
  'countriesRegions',
  'checkAccess',
]);

/** `bc` with each call that reaches the store through `stopper` (the in-process path's port calls). */
function stoppableBc<T extends object>(bc: T, stopper: Stopper): T {
  return new Proxy(bc, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      const f = v as (...a: unknown[]) => unknown;
      if (!BC_CALLS.has(prop)) return (...a: unknown[]) => f.apply(target, a);
      return (...a: unknown[]) => stopper.step(async () => f.apply(target, a), `bc ${String(prop)}`);
    },
  });
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
export type Fates = (write: WriteCall) => WriteFate;

export interface HostRun {
  /** The run's outcome, or null when its process died. */
  readonly done: Promise<RunOutcome | null>;
  /** Resolves when the run stalled at its stop (never, when it has none or ended first). */
  readonly reached: Promise<void>;
  resume(): void;
  /** Whether the run came to its stop (tallies). */
  stopReached(): boolean;
}

/** One salesperson: a BC company, a mailbox, and the two hosts' ways to both and to their state. */
export class CrashSeat {
  readonly userId: string;
  readonly bcDirect: HttpBcContacts;
  readonly mailboxDirect: GraphMailbox;
  /** The facade's own store (what a check reads). */
  readonly store: SyncStateStore;
  private runs = 0;
  private syncFolder: Promise<MailFolder> | undefined;

  private constructor(
    private readonly world: UncertainWorld,
    readonly companyId: string,
    readonly n: number,
    private readonly facadeToken: string,
  ) {
    this.userId = devUserKey(`crash${n}@contoso.com`);
    this.store = world.facade.ctx.stateStore;
    this.bcDirect = this.bcOver(injectFetch(world.facade.app));
    this.mailboxDirect = this.graphOver(injectFetch(world.emulator));
  }

  static async open(world: UncertainWorld, n: number): Promise<CrashSeat> {
    const { facade } = world;
    const upn = `crash${n}@contoso.com`;
    const company = await insertCompany(facade.db, facade.clock, { name: `Crash company ${n}` });
    await grantMembership(facade.db, devUserKey(upn), company.id, 'crash hosts');
    const token = await facade.issuer.userToken(upn, 'facade');
    return new CrashSeat(world, company.id, n, token);
  }

  private bcOver(fetch: Fetch): HttpBcContacts {
    return new HttpBcContacts({
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId: this.companyId,
      getToken: async () => this.facadeToken,
      sleep: async () => undefined,
      random: () => 0.5,
      fetch: fetch as typeof globalThis.fetch,
    });
  }

  private graphOver(fetch: Fetch): GraphMailbox {
    const oid = `5b0c6f1e-4444-4000-8000-${String(this.n).padStart(12, '0')}`;
    return new GraphMailbox({
      baseUrl: 'http://graph.test/v1.0',
      mailbox: { kind: 'me' },
      getToken: () =>
        this.world.issuer.userToken(oid, `crash${this.n}@contoso.test`, { scopes: ['Contacts.ReadWrite'] }),
      sleep: async () => undefined,
      random: () => 0.5,
      fetch,
    });
  }

  /**
   * A run of `host`: its BC and Graph writes meet `fates` (uncertain outcomes, 429s), its port
   * calls `stop`. The shared clock moves 10 minutes first (runs are apart in time).
   */
  run(host: HostName, mode: SyncMode, fates: Fates | null, stop: Stop | null): HostRun {
    const { facade } = this.world;
    const stopper = new Stopper(stop, `${host}-${this.runs + 1}`);
    const through = (inner: Fetch): Fetch => {
      const faulty = uncertainFetch(inner, (w) => fates?.(w) ?? 'ok').fetch;
      return (input, init) =>
        stopper.step(
          () => faulty(input, init),
          `${init?.method ?? 'GET'} ${String(input)}${
            process.env.CRASH_MODEL_DEBUG === '3' && typeof init?.body === 'string'
              ? ` ${init.body.slice(0, 160)}`
              : ''
          }`,
        );
    };
    const state: SyncStateStore =
      host === 'pane'
        ? new HttpSyncStateStore({
            baseUrl: 'http://facade.internal/sync/v1',
            getToken: async () => this.facadeToken,
            fetch: injectFetch(facade.app) as typeof globalThis.fetch,
          })
        : facade.ctx.stateStore;
    facade.clock.advance(10 * 60_000);
    const runId = `${host}-${this.n}-${++this.runs}`;
    const bc =
      host === 'scheduleStore'
        ? stoppableBc(
            new MemberStoreBcContacts(facade.db, facade.clock, this.companyId, this.userId),
            stopper,
          )
        : this.bcOver(through(injectFetch(facade.app)));
    const done = runSync(
      {
        bc,
        mailbox: this.graphOver(through(injectFetch(this.world.emulator))),
        store: stoppable(state, stopper),
        clock: facade.clock,
        logger: silentLogger,
      },
      { runId, userId: this.userId, mode, dryRun: false, trigger: host === 'pane' ? 'pane' : 'schedule' },
      { cancel: { isCancelled: () => stopper.cancelled } },
    ).then(
      (outcome) => (stopper.dead ? null : outcome),
      async (e: unknown) => {
        // A dead process says nothing more; a stalled one may find its lease taken (leaseLost).
        if (stopper.dead || stopper.stalled) return null;
        // A run that failed on an error it has no step for (a folder rename's 502: run-moving.ts)
        // ends its record `failed` and throws it to its caller (run.ts): that is its end.
        const record = await this.store.getRun(this.userId, runId);
        if (record?.status === 'failed') return { record, plan: null };
        throw e;
      },
    );
    return {
      done,
      reached: stopper.reached,
      resume: () => stopper.resume(),
      stopReached: () => stopper.stopped,
    };
  }

  now(): string {
    return this.world.facade.clock.now();
  }

  async leases(): Promise<unknown[]> {
    return (await this.world.facade.db.query('SELECT * FROM sync_leases')).rows;
  }

  async records(): Promise<RunRecord[]> {
    return this.store.listRuns(this.userId, 50);
  }

  /** A BC user deletes contact `id` (DELETE with its etag, as BC's pages do); whether BC took it. */
  async bcDelete(id: string, etag: string): Promise<boolean> {
    const fetch = injectFetch(this.world.facade.app);
    const res = await fetch(`http://facade.internal/api/v2.0/companies(${this.companyId})/contacts(${id})`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${this.facadeToken}`, 'if-match': etag },
    });
    return res.ok;
  }

  async bcAll(): Promise<BcContact[]> {
    return this.bcDirect.listAll();
  }

  /**
   * The sync folder, found or made once: a rename in the settings (`rename`) moves the sync by
   * renaming this folder (rule folder.rename: no other folder takes the name), so its id stays.
   */
  async folder(): Promise<MailFolder> {
    this.syncFolder ??= this.mailboxDirect.ensureFolder('Business Central');
    return this.syncFolder;
  }

  async outlookAll(): Promise<OutlookContact[]> {
    return this.mailboxDirect.listContacts((await this.folder()).id);
  }

  /** The user names another sync folder in the settings (PUT /sync/v1/settings: a name only). */
  async rename(folderName: string): Promise<void> {
    const settings = (await this.store.getSettings(this.userId)) ?? DEFAULT_SETTINGS;
    await this.store.putSettings(this.userId, { ...settings, folderName });
  }

  /**
   * The user decides every listed conflict for BC's values, each as the sync API's resolve route
   * does it (conflicts.ts underFolderLease): under the folder's lease, through a store fenced by
   * it; refused while a run holds the lease. How each choice ended, by kind.
   */
  async resolveAll(): Promise<string[]> {
    const { facade } = this.world;
    const settings = (await this.store.getSettings(this.userId)) ?? DEFAULT_SETTINGS;
    const key = leaseKeyOf(this.userId, settings.folderName);
    const state = await stateFolder(this.store, this.userId);
    if (!state) return [];
    const scope = { userId: this.userId, folderId: state.folderId };
    const ends: string[] = [];
    for (const c of await this.store.listConflicts(scope)) {
      const owner = `resolve-${this.n}-${++this.runs}`;
      const lease = await this.store.acquireLease(key, owner, facade.clock.now(), LEASE_TTL_MS);
      if (!lease.ok) {
        ends.push('runInProgress');
        continue;
      }
      try {
        const deps = {
          bc: this.bcDirect,
          mailbox: this.mailboxDirect,
          store: this.store.fenced({ key, owner }),
        };
        const r = await resolveConflict(deps, scope, c.bcId, { kind: 'all', side: 'bc' });
        ends.push(r.kind);
      } catch (e) {
        if (!(e instanceof ResolveError)) throw e;
        ends.push(e.failure.kind);
      } finally {
        await this.store.releaseLease(key, owner);
      }
    }
    return ends;
  }
}
