import { LEASE_TTL_MS } from './lease.js';
import { LeaseLostError } from './run-errors.js';
import type { BcContacts, Clock, Mailbox, SendAgain, SyncStateStore } from './ports.js';

/**
 * The one heartbeat of a run's lease (issue 12: at 50,000 contacts 4 of 6 bench runs ended
 * `leaseLost`, renewed only between write groups while reads and planning took minutes). Every
 * long phase beats — between the pages of a read, after every port call, between the planner's
 * steps, before every group of writes — and the host's ticker, where there is one, renews on its
 * own schedule through the same keeper. Time comes from the injected Clock; core stays pure.
 */
export interface LeaseKeeper {
  /**
   * Renews once a quarter of the TTL has passed since the last renewal (a clock read otherwise,
   * so it is called freely); beats that meet while a renewal is on its way share it.
   * @throws LeaseLostError the lease was taken over: the run stops before writing twice.
   */
  beat(): Promise<void>;
  /** Renews now (the host's ticker); false once the lease was lost (the next `beat` throws). */
  renew(): Promise<boolean>;
  /**
   * Before a run commits what other runs read (its cursor): the lease is known held — renewed
   * within half its TTL, else renewed now (F105: a pane whose renewals all failed wrote on and saved
   * its cursor 62 s after another host had taken the folder).
   * @throws LeaseLostError the lease was lost or lapsed. @throws Error the renewal could not be sent.
   */
  confirm(): Promise<void>;
}

/** A renewal is due once this share of the TTL has passed: two late beats are still in time. */
const RENEW_AFTER = 1 / 4;

export function leaseKeeper(options: {
  readonly store: Pick<SyncStateStore, 'renewLease'>;
  readonly clock: Clock;
  readonly owner: string;
  /**
   * Every key the run holds (a folder move holds the old folder's too), read at each renewal: a
   * run that takes another key after its keeper started adds it here.
   */
  readonly keys: readonly string[];
  /** Saves the run's record with its progress alongside each renewal (issue 9 §4). */
  readonly checkpoint: () => Promise<void>;
  /** When the leases were taken (`clock.monotonicMs()`). */
  readonly takenAtMs: number;
  /** How long each renewal holds them (the run's lease: LEASE_TTL_MS; the create turn: its own). */
  readonly ttlMs?: number;
}): LeaseKeeper {
  const { store, clock, owner, keys, checkpoint } = options;
  const ttl = options.ttlMs ?? LEASE_TTL_MS;
  let renewedAt = options.takenAtMs;
  let lost = false;
  // How long the renewals went unanswered when that, not another run, ended the lease.
  let unansweredMs: number | undefined;
  let inFlight: Promise<boolean> | null = null;
  const renew = (): Promise<boolean> => {
    if (lost) return Promise.resolve(false);
    // Counted from the moment the renewal is asked for: the store sets the expiry at that `now`.
    const at = clock.monotonicMs();
    const now = clock.now();
    const held = [...keys];
    inFlight ??= Promise.all([...held.map((k) => store.renewLease(k, owner, now, ttl)), checkpoint()])
      .then(
        (answers) => {
          const ok = answers.slice(0, held.length).every((a) => a === true);
          if (ok) renewedAt = Math.max(renewedAt, at);
          else lost = true;
          return ok;
        },
        (e: unknown) => {
          // The checkpoint's record was refused by the store's fence (lease-fence.ts): not ours.
          if (e instanceof LeaseLostError) {
            lost = true;
            return false;
          }
          // Unanswered for a whole TTL since the last renewal that was: the lease has lapsed and
          // another host may hold it (F105), whatever the answer would have been.
          const since = clock.monotonicMs() - renewedAt;
          if (since < ttl) throw e;
          unansweredMs = since;
          lost = true;
          return false;
        },
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const renewedWithin = async (ms: number): Promise<void> => {
    if (lost) throw new LeaseLostError('leaseLost', unansweredMs);
    if (clock.monotonicMs() - renewedAt < ms && inFlight === null) return;
    if (!(await renew())) throw new LeaseLostError('leaseLost', unansweredMs);
  };
  return {
    renew,
    beat: () => renewedWithin(ttl * RENEW_AFTER),
    confirm: () => renewedWithin(ttl / 2),
  };
}

/** The reads of each port a leased run beats after (writes are not: see `beatingAfterReads`). */
export const BEATING_READS = {
  bc: [
    'listAll',
    'readChanges',
    'readInFull',
    'getMany',
    'findByEmails',
    'createdIdsAfter',
    'countriesRegions',
    'checkAccess',
  ],
  mailbox: [
    'findFolder',
    'folderById',
    'listContacts',
    'readChanges',
    'folderWithChanges',
    'getMany',
    'findByBcIds',
    'findByEmails',
  ],
  store: [
    'getSettings',
    'getCursor',
    'listLinks',
    'pageLinks',
    'findLinks',
    'countLinks',
    'listPendingCreates',
    'pagePendingCreates',
    'getRun',
    'listRuns',
    'listConflicts',
    'pageConflicts',
    'listSkipped',
    'pageSkipped',
  ],
} as const satisfies {
  bc: readonly (keyof BcContacts)[];
  mailbox: readonly (keyof Mailbox)[];
  store: readonly (keyof SyncStateStore)[];
};

/**
 * `port` with `beat` awaited after each of its `reads` answers: a run's every read of any port —
 * a whole table of links, a look-up by id — keeps its lease alive, whichever module makes it. A
 * write is not followed by a beat: a lost lease found right after a write that succeeded would
 * stop the run before the write's outcome is recorded (the executor beats before each group).
 */
export function beatingAfterReads<T extends object>(
  port: T,
  reads: readonly (keyof T & string)[],
  beat: () => Promise<void>,
): T {
  const wanted = new Set<PropertyKey>(reads);
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || !wanted.has(property)) return value;
      let wrapped = methods.get(property);
      if (wrapped === undefined) {
        wrapped = async (...args: unknown[]): Promise<unknown> => {
          const out: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          await beat();
          return out;
        };
        methods.set(property, wrapped);
      }
      return wrapped;
    },
  });
}

/**
 * The write methods of each port: a call of any of them goes out only while the caller knows it
 * holds its lease (`heldBeforeWrites`). With BEATING_READS, every method of the ports that makes a
 * request (test/core/held-writes.test.ts checks that no other method is left out).
 * @internal exported for held-writes.test
 */
export const HELD_WRITES = {
  bc: ['create', 'update'],
  mailbox: ['ensureFolder', 'renameFolderById', 'create', 'update', 'delete'],
} as const satisfies {
  bc: readonly (keyof BcContacts)[];
  mailbox: readonly (keyof Mailbox)[];
};

/**
 * Where each held write takes its SendAgain (ports.ts): the argument's position. Every held write
 * has one (a write added to HELD_WRITES without it does not compile). The write goes out once only
 * while the lease is known held; what the adapter sends again after a wait (a 429, a 5xx, a lost
 * answer checked) asks the same check again, composed with the caller's own (trust lead 2: Graph's
 * resends asked nothing; the BC ones only where the executor passed it; the folder's creation and
 * rename, sent on their own by GraphTransport.request, asked nothing until folderlease).
 */
const SEND_AGAIN_AT = {
  bc: { create: 2, update: 1 },
  mailbox: { ensureFolder: 1, renameFolderById: 2, create: 2, update: 2, delete: 2 },
} as const satisfies {
  bc: Record<(typeof HELD_WRITES.bc)[number], number>;
  mailbox: Record<(typeof HELD_WRITES.mailbox)[number], number>;
};

/**
 * Held writes no save of the run announced right before they are called: the folder's creation
 * and rename (the run's reads come between its last save and them, and Graph's adapter reads the
 * folder again before it sends). Each asks the run's `fresh` check when it is called (a cancel
 * asked at any process since is seen: review V10), not only the lease; their SendAgain asks as a
 * contact write's does (`againHeld`).
 */
const UNANNOUNCED = { mailbox: ['ensureFolder', 'renameFolderById'] } as const satisfies {
  mailbox: readonly (typeof HELD_WRITES.mailbox)[number][];
};

/** The checks a held write asks: `held` (the lease), `fresh` (a save, then the lease), `inTurn`. */
interface HeldChecks {
  readonly held: () => Promise<void>;
  readonly fresh: () => Promise<void>;
  /** Before a send in its turn: `fresh` once IN_TURN_FRESH_MS passed since the last save, else `held`. */
  readonly inTurn: () => Promise<void>;
}

/**
 * `args` with the SendAgain at `at` asking the run's check first, then the caller's own (if any):
 * `inTurn` when the adapter asks before a send in its turn (SendAgainAsked), `fresh` otherwise.
 */
function againHeld(args: unknown[], at: number | undefined, checks: HeldChecks): unknown[] {
  if (at === undefined) return args;
  const own = args[at] as SendAgain | undefined;
  const again: SendAgain = async (asked) => {
    await (asked === 'inTurn' ? checks.inTurn() : checks.fresh());
    return own ? own(asked) : true;
  };
  const out = [...args];
  while (out.length < at) out.push(undefined);
  out[at] = again;
  return out;
}

/**
 * Methods that answer another port of the same kind (BcContacts.forCompany): what they answer is
 * held as the port itself is.
 * @internal exported for held-writes.test
 */
export const PORT_MAKERS = { bc: ['forCompany'] } as const satisfies { bc: readonly (keyof BcContacts)[] };

/**
 * `port` with `held` awaited before each of its `writes` is called: a write of any module — the
 * executor's groups, a folder move's rename and removal of old copies, the folder's creation, a
 * conflict's resolution — goes out only while the lease is known held (the keeper's `confirm`: a
 * clock read while renewed within half its TTL). Review, crash-hosts seed 33: a host that stalled
 * past its lease while another took the folder went on writing; the executor's check (`sending`)
 * covered its own calls only, not the move's deletes nor a resolve's writes. A check that throws
 * sends nothing. The `unannounced` writes await `fresh` instead (UNANNOUNCED).
 * @throws LeaseLostError (from `held`) the lease was lost: the write is not called.
 */
function heldBeforeWrites<T extends object>(
  port: T,
  writes: readonly (keyof T & string)[],
  checks: HeldChecks,
  shape: {
    readonly makers?: readonly (keyof T & string)[];
    readonly againAt?: Readonly<Record<string, number>>;
    readonly unannounced?: readonly (keyof T & string)[];
  },
): T {
  const wanted = new Set<PropertyKey>(writes);
  const making = new Set<PropertyKey>(shape.makers ?? []);
  const unannounced = new Set<PropertyKey>(shape.unannounced ?? []);
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value === 'function' && making.has(property))
        // A port this one makes (another company's BC) writes under the same check (review doubt).
        return (...args: unknown[]): T =>
          heldBeforeWrites((value as (...a: unknown[]) => T).apply(target, args), writes, checks, shape);
      if (typeof value !== 'function' || !wanted.has(property)) return value;
      let wrapped = methods.get(property);
      if (wrapped === undefined) {
        const own = unannounced.has(property);
        wrapped = async (...args: unknown[]): Promise<unknown> => {
          await (own ? checks.fresh() : checks.held());
          const at = typeof property === 'string' ? shape.againAt?.[property] : undefined;
          return (value as (...a: unknown[]) => unknown).apply(target, againHeld(args, at, checks));
        };
        methods.set(property, wrapped);
      }
      return wrapped;
    },
  });
}

/**
 * The run's (or a conflict choice's) BC and mailbox ports, each write held (`heldBeforeWrites`).
 * `fresh`: the check of a write no save announced right before it and of a send again after a
 * failure's wait — the run's is a save of its record, which the store refuses once a cancel was
 * marked at any process (run.ts); `inTurn`: the check of a send in its turn (HeldChecks); `held`
 * where the caller has nothing more to learn.
 */
export function heldPorts<P extends { readonly bc: BcContacts; readonly mailbox: Mailbox }>(
  ports: P,
  held: () => Promise<void>,
  fresh: () => Promise<void> = held,
  inTurn: () => Promise<void> = held,
): P {
  const checks: HeldChecks = { held, fresh, inTurn };
  return {
    ...ports,
    bc: heldBeforeWrites(ports.bc, HELD_WRITES.bc, checks, {
      makers: PORT_MAKERS.bc,
      againAt: SEND_AGAIN_AT.bc,
    }),
    mailbox: heldBeforeWrites(ports.mailbox, HELD_WRITES.mailbox, checks, {
      againAt: SEND_AGAIN_AT.mailbox,
      unannounced: UNANNOUNCED.mailbox,
    }),
  };
}
