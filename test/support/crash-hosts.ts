import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { stateFolder } from '../../src/core/folder-move.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import type { ConflictEntry, MailFolder, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { ResolveError, resolveConflict } from '../../src/core/resolve.js';
import type { ResolveResult } from '../../src/core/resolve-types.js';
import type { RunRecord, SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import type { RunOutcome } from '../../src/core/run.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { MemberStoreBcContacts } from '../../src/server/embedded/member-bc-contacts.js';
import { sqlRunCancelMarks } from '../../src/store/sql-run-cancel.js';
import { uncertainFetch } from './uncertain-fetch.js';
import type { WriteCall, WriteFate } from './uncertain-fetch.js';
import type { UncertainWorld } from './uncertain-world.js';
import { cliRun } from './crash-cli-host.js';
import { paneState } from './crash-pane-state.js';
import { Stopper, stoppable, stoppableBc } from './crash-stops.js';
import type { Stop } from './crash-stops.js';

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
 * the stop — a stop after a write is its answer lost on the in-process path. `cli`: the CLI's own
 * process on the same store (cli/main.ts syncInProcess): a RunManager of its own runs it
 * (`runNow`, trigger `cli`), its adapters under the run's AbortSignal, so a cancel there aborts
 * requests in flight; its manager's store calls (the settings read before the run) are port calls
 * too. No ticker: its lease heartbeat, turn waits and cancel-mark polls are not modelled.
 */
export type HostName = 'pane' | 'schedule' | 'scheduleStore' | 'cli';

export type { Stop } from './crash-stops.js';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
export type Fates = (write: WriteCall) => WriteFate;

export interface HostRun {
  /** The run's id (its record's, its leases' owner). */
  readonly runId: string;
  /** The run's outcome, or null when its process died. */
  readonly done: Promise<RunOutcome | null>;
  /** Resolves when the run stalled at its stop (never, when it has none or ended first). */
  readonly reached: Promise<void>;
  resume(): void;
  /** Whether the run came to its stop (tallies). */
  stopReached(): boolean;
  /** A `cancelAway` stop's answer from the store (marked, ended, unknown); null before or without one. */
  awayAnswer(): string | null;
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
  private graphToken: Promise<string> | undefined;

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

  private bcOver(fetch: Fetch, signal?: AbortSignal, companyId = this.companyId): HttpBcContacts {
    return new HttpBcContacts({
      ...(signal ? { signal } : {}),
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId,
      getToken: async () => this.facadeToken,
      sleep: async () => undefined,
      random: () => 0.5,
      fetch: fetch as typeof globalThis.fetch,
    });
  }

  private graphOver(fetch: Fetch, signal?: AbortSignal): GraphMailbox {
    const oid = `5b0c6f1e-4444-4000-8000-${String(this.n).padStart(12, '0')}`;
    return new GraphMailbox({
      ...(signal ? { signal } : {}),
      baseUrl: 'http://graph.test/v1.0',
      mailbox: { kind: 'me' },
      // One token per seat, as a client keeps it: signing one per request cost the model ~3 % of its
      // CPU, and the emulator's check of each new one as much again (it remembers only a token seen).
      getToken: () =>
        (this.graphToken ??= this.world.issuer.userToken(oid, `crash${this.n}@contoso.test`, {
          scopes: ['Contacts.ReadWrite'],
        })),
      sleep: async () => undefined,
      random: () => 0.5,
      fetch,
    });
  }

  /**
   * A run of `host`: its BC and Graph writes meet `fates` (uncertain outcomes, 429s), its port
   * calls `stop`. The shared clock moves 10 minutes first (runs are apart in time).
   */
  run(
    host: HostName,
    mode: SyncMode,
    fates: Fates | null,
    stop: Stop | null,
    options: {
      readonly dryRun?: boolean;
      readonly companyId?: string;
      readonly confirmMassDelete?: boolean;
    } = {},
  ): HostRun {
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
        ? paneState(injectFetch(facade.app) as typeof globalThis.fetch, this.facadeToken, stopper)
        : facade.ctx.stateStore;
    facade.clock.advance(10 * 60_000);
    const runId = `${host}-${this.n}-${++this.runs}`;
    // Another facade process marks the run (review R3): never through this run's port calls.
    stopper.onAway = () => sqlRunCancelMarks(facade.db).request(this.userId, runId);
    const done =
      host === 'cli'
        ? cliRun({
            store: stoppable(facade.ctx.stateStore, stopper),
            bc: (signal) => this.bcOver(through(injectFetch(facade.app)), signal),
            mailbox: (signal) => this.graphOver(through(injectFetch(this.world.emulator)), signal),
            clock: facade.clock,
            stopper,
            userId: this.userId,
            runId,
            mode,
            dryRun: options.dryRun ?? false,
            confirmMassDelete: options.confirmMassDelete ?? false,
          })
        : this.engineRun(host, state, stopper, through, runId, mode, {
            dryRun: options.dryRun ?? false,
            companyId: options.companyId ?? this.companyId,
            confirmMassDelete: options.confirmMassDelete ?? false,
          });
    return {
      runId,
      done,
      reached: stopper.reached,
      resume: () => stopper.resume(),
      stopReached: () => stopper.stopped,
      awayAnswer: () => stopper.awayAnswer,
    };
  }

  /** A run of the pane's or the scheduler's engine (runSync itself, as those hosts call it). */
  private engineRun(
    host: Exclude<HostName, 'cli'>,
    state: SyncStateStore,
    stopper: Stopper,
    through: (inner: Fetch) => Fetch,
    runId: string,
    mode: SyncMode,
    {
      dryRun,
      companyId,
      confirmMassDelete,
    }: { readonly dryRun: boolean; readonly companyId: string; readonly confirmMassDelete: boolean },
  ): Promise<RunOutcome | null> {
    const { facade } = this.world;
    const bc =
      host === 'scheduleStore'
        ? stoppableBc(new MemberStoreBcContacts(facade.db, facade.clock, companyId, this.userId), stopper)
        : this.bcOver(through(injectFetch(facade.app)), undefined, companyId);
    return runSync(
      {
        bc,
        mailbox: this.graphOver(through(injectFetch(this.world.emulator))),
        store: stoppable(state, stopper),
        clock: facade.clock,
        logger: silentLogger,
      },
      {
        runId,
        userId: this.userId,
        mode,
        dryRun,
        confirmMassDelete,
        trigger: host === 'pane' ? 'pane' : 'schedule',
      },
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
  }

  private second: Promise<string> | undefined;

  /**
   * A second BC company the user is granted (made once): one the pane's engine may pick (it takes
   * the first the user lists), not the company the sync state belongs to (F86).
   */
  async otherCompany(): Promise<string> {
    const { facade } = this.world;
    this.second ??= (async () => {
      const company = await insertCompany(facade.db, facade.clock, { name: `Crash other ${this.n}` });
      await grantMembership(facade.db, this.userId, company.id, 'crash hosts: a second company');
      return company.id;
    })();
    return this.second;
  }

  /**
   * An administrator removes the user from the sync state's company (false) or grants it again
   * (true); true when the membership changed.
   */
  async member(granted: boolean): Promise<boolean> {
    const { db } = this.world.facade;
    if (!granted) return revokeMembership(db, this.userId, this.companyId);
    return grantMembership(db, this.userId, this.companyId, 'crash hosts: granted again');
  }

  now(): string {
    return this.world.facade.clock.now();
  }

  /** Time passes without a run (the user waits `ms`, e.g. for a dead run's lease to lapse). */
  wait(ms: number): void {
    this.world.facade.clock.advance(ms);
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

  /** A request to the facade's BC API as a BC page or an administrator sends it (`path` under the company). */
  async bcCall(
    method: 'GET' | 'PATCH',
    path: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const fetch = injectFetch(this.world.facade.app);
    const res = await fetch(`http://facade.internal/api/v2.0/companies(${this.companyId})${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.facadeToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
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
   * it; refused while a run holds the lease. How each choice ended, by kind. `leave`: the conflicts
   * the user leaves open (a deletedInBc one whose copy holds Outlook-only values: crash-seams.ts);
   * `side`: whose values the user keeps; `onResult`: each choice's answer beside its conflict.
   */
  async resolveAll(
    leave: (c: ConflictEntry) => boolean = () => false,
    side: 'bc' | 'outlook' = 'bc',
    onResult: (c: ConflictEntry, r: ResolveResult) => void = () => undefined,
  ): Promise<string[]> {
    const { facade } = this.world;
    const settings = (await this.store.getSettings(this.userId)) ?? DEFAULT_SETTINGS;
    const key = leaseKeyOf(this.userId, settings.folderName);
    const state = await stateFolder(this.store, this.userId);
    if (!state) return [];
    const scope = { userId: this.userId, folderId: state.folderId };
    const ends: string[] = [];
    for (const c of await this.store.listConflicts(scope)) {
      if (leave(c)) continue;
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
        const r = await resolveConflict(deps, scope, c.bcId, { kind: 'all', side });
        ends.push(r.kind);
        onResult(c, r);
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
