/**
 * Every write of a leased run or a conflict choice goes out only while its lease is known held, at
 * the ports (lease-keeper.ts `heldBeforeWrites`), not at the executor alone: review, crash-hosts
 * seed 33 closed the executor's calls (uncertain-writes.ts `sending`), while a folder move's rename
 * and removal of the old copies, and the folder's creation, called the mailbox past any check.
 *
 * The lease is lost as in production: a renewal the store granted is answered only after a whole TTL
 * (a slow network, a paused process) while another host takes the folder; the run's beat after it
 * finds nothing wrong, and the next renewal would fail. Without the check the write went out.
 */
import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import {
  BEATING_READS,
  HELD_WRITES,
  PORT_MAKERS,
  heldPorts,
  leaseKeeper,
} from '../../src/core/lease-keeper.js';
import type { BcContacts, Mailbox, SyncStateStore } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { USER, World, person } from '../support/world.js';

/** The methods of a port (its function-valued keys). */
type Methods<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends (...a: never[]) => unknown ? K : never;
}[keyof T];

/** Methods that make no request: answered from what the adapter holds. */
const LOCAL = { bc: ['trackedCompany', 'forCompany', 'nameOf', 'createdIdOf'], mailbox: ['stats'] } as const;

// Every method of each port is a read that beats, a write that is held, or local: a new write
// method left out of HELD_WRITES fails to compile here.
type Unlisted<T, L> = Exclude<Methods<T>, L>;
const everyBcMethodListed: Unlisted<
  BcContacts,
  (typeof BEATING_READS.bc)[number] | (typeof HELD_WRITES.bc)[number] | (typeof LOCAL.bc)[number]
> extends never
  ? true
  : false = true;
const everyMailboxMethodListed: Unlisted<
  Mailbox,
  | (typeof BEATING_READS.mailbox)[number]
  | (typeof HELD_WRITES.mailbox)[number]
  | (typeof LOCAL.mailbox)[number]
> extends never
  ? true
  : false = true;

const KEY = 'lease:held-writes';

/** Ports whose every call is noted, behind `heldPorts` with run A's keeper (as run.ts wires them). */
async function heldRun() {
  const clock = new ManualClock();
  const store = new MemorySyncStateStore();
  expect((await store.acquireLease(KEY, 'run-a', clock.now(), LEASE_TTL_MS)).ok).toBe(true);
  const keeper = leaseKeeper({
    store,
    clock,
    owner: 'run-a',
    keys: [KEY],
    checkpoint: async () => undefined,
    takenAtMs: clock.monotonicMs(),
  });
  const called: string[] = [];
  const noting = <T extends object>(side: string, port: T): T =>
    new Proxy(port, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          called.push(`${side}.${String(property)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  // Opens another company's BC (state-origin.ts): the port it makes is noted as `other`.
  const other = new MemoryBcContacts(clock);
  const bc = Object.assign(new MemoryBcContacts(clock), {
    forCompany: (_id: string) => noting('other', other),
  });
  const mailbox = new MemoryMailbox();
  const folder = await mailbox.ensureFolder('Business Central');
  const ports = heldPorts({ bc: noting('bc', bc), mailbox: noting('mailbox', mailbox) }, keeper.confirm);
  return { clock, store, ports, called, folder, bc };
}

/** One call of every write method of both ports, with arguments the fakes accept. */
const WRITES: {
  readonly [S in keyof typeof HELD_WRITES]: {
    readonly [M in (typeof HELD_WRITES)[S][number]]: (
      r: Awaited<ReturnType<typeof heldRun>>,
    ) => Promise<unknown>;
  };
} = {
  bc: {
    create: (r) => r.ports.bc.create([{ ...person(1), type: 'Person' } as never]),
    update: (r) => r.ports.bc.update([{ id: r.bc.seed(person(2)).id, etag: '*', patch: { jobTitle: 'x' } }]),
  },
  mailbox: {
    ensureFolder: (r) => r.ports.mailbox.ensureFolder('Another'),
    renameFolderById: (r) => r.ports.mailbox.renameFolderById(r.folder.id, 'Renamed'),
    create: (r) => r.ports.mailbox.create(r.folder.id, [{ displayName: 'A' } as never]),
    update: (r) =>
      r.ports.mailbox.update(r.folder.id, [{ id: 'x', changeKey: 'k', patch: { displayName: 'A' } }]),
    delete: (r) => r.ports.mailbox.delete(r.folder.id, [{ id: 'x', changeKey: 'k' }]),
  },
};

const TABLE = (['bc', 'mailbox'] as const).flatMap((side) =>
  HELD_WRITES[side].map(
    (method) =>
      [`${side}.${method}`, (WRITES[side] as Record<string, typeof WRITES.bc.create>)[method]!] as const,
  ),
);

describe('every write method of both ports goes out only while the lease is known held', () => {
  test('every port method is listed as a read, a write or local (compile-time)', () => {
    expect([everyBcMethodListed, everyMailboxMethodListed]).toEqual([true, true]);
    // And in one list only: a write is never taken for a read that beats after it answers.
    for (const side of ['bc', 'mailbox'] as const) {
      const listed: string[] = [...BEATING_READS[side], ...HELD_WRITES[side], ...LOCAL[side]];
      expect(new Set(listed).size).toBe(listed.length);
    }
    expect(TABLE.map(([name]) => name)).toEqual([
      'bc.create',
      'bc.update',
      'mailbox.ensureFolder',
      'mailbox.renameFolderById',
      'mailbox.create',
      'mailbox.update',
      'mailbox.delete',
    ]);
  });

  test.each(TABLE)('%s: refused, not called, once another host took the lease', async (name, write) => {
    const r = await heldRun();
    r.clock.advance(LEASE_TTL_MS + 1);
    expect((await r.store.acquireLease(KEY, 'run-b', r.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
    await expect(write(r)).rejects.toBeInstanceOf(LeaseLostError);
    expect(r.called).not.toContain(name);
  });

  test.each(HELD_WRITES.bc.map((m) => [m]))(
    "bc.forCompany(…).%s: the port another company's BC is opened as holds its writes too",
    async (method) => {
      const r = await heldRun();
      expect(PORT_MAKERS.bc).toEqual(['forCompany']);
      const made = r.ports.bc.forCompany('company-2') as typeof r.ports.bc;
      const write = WRITES.bc[method];
      await write({ ...r, ports: { ...r.ports, bc: made } }).catch(() => undefined);
      expect(r.called).toContain(`other.${method}`);
      r.called.length = 0;
      r.clock.advance(LEASE_TTL_MS + 1);
      expect((await r.store.acquireLease(KEY, 'run-b', r.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
      await expect(write({ ...r, ports: { ...r.ports, bc: made } })).rejects.toBeInstanceOf(LeaseLostError);
      expect(r.called).not.toContain(`other.${method}`);
    },
  );

  test.each(TABLE)(
    '%s: called once while the lease is held (no store call when fresh)',
    async (name, write) => {
      const r = await heldRun();
      r.clock.advance(LEASE_TTL_MS / 2 - 1);
      await write(r).catch(() => undefined);
      expect(r.called.filter((c) => c === name)).toHaveLength(1);
    },
  );
});

/**
 * A store whose renewal, once armed, is answered after a whole TTL has passed while `rival` took
 * every key it renewed: the store granted it, the run hears of it too late.
 */
function slowRenewals(store: SyncStateStore, clock: ManualClock) {
  let armed = false;
  const proxy = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'renewLease')
        return async (key: string, owner: string, now: string, ttl: number): Promise<boolean> => {
          const ok = await target.renewLease(key, owner, now, ttl);
          if (armed) {
            // The checkpoint sent beside the renewal lands first (under the lease), then the stall.
            await new Promise((resolve) => setImmediate(resolve));
            clock.advance(ttl + 1);
            await target.acquireLease(key, 'rival', clock.now(), LEASE_TTL_MS);
          }
          return ok;
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    store: proxy,
    /** The run's next beat renews (a quarter of the TTL passed), and that renewal is answered late. */
    arm: () => {
      clock.advance(LEASE_TTL_MS / 4 + 1);
      armed = true;
    },
  };
}

/** The mailbox as the run sees it: `after(method, args)` runs after each call answers; writes noted. */
function watchedMailbox(
  mailbox: MemoryMailbox,
  after: (method: string, args: readonly unknown[]) => void,
  written: string[],
): Mailbox {
  const writes = new Set<PropertyKey>(HELD_WRITES.mailbox);
  const calls = new Set<PropertyKey>([...writes, ...BEATING_READS.mailbox]);
  return new Proxy(mailbox, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || !calls.has(property)) return value;
      return async (...args: unknown[]) => {
        if (writes.has(property)) written.push(String(property));
        const out: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
        after(String(property), args);
        return out;
      };
    },
  });
}

async function syncedThree(): Promise<World> {
  const w = new World();
  for (const n of [1, 2, 3]) w.bc.seed(person(n));
  expect((await w.sync('full')).record.status).toBe('succeeded');
  return w;
}

/** The folder move's writes (run-moving.ts, folder-move.ts), the lease lost at the last read before each. */
const MOVES = [
  {
    name: "a rename of the old folder (no folder has the new name): lost at the new name's look-up",
    prepare: async (_w: World) => undefined,
    lostAfter: (method: string, args: readonly unknown[]) =>
      method === 'findFolder' && args[0] === 'BC Contacts',
    write: 'renameFolderById',
  },
  {
    name: "the removal of the old folder's copies (a folder has the new name): lost at their read",
    prepare: async (w: World) => void (await w.mailbox.ensureFolder('BC Contacts')),
    lostAfter: (method: string, args: readonly unknown[], oldId?: string) =>
      method === 'getMany' && args[0] === oldId && (args[1] as readonly string[]).length === 3,
    write: 'delete',
  },
] as const;

describe('a folder move writes nothing once its run lost the lease (stalled past it at the last read)', () => {
  test.each(MOVES)('$name', async ({ prepare, lostAfter, write }) => {
    const w = await syncedThree();
    const oldId = w.mailbox.folderByName('Business Central')!.id;
    await prepare(w);
    await w.settings({ folderName: 'BC Contacts' });
    w.clock.advance(60_000);
    const slow = slowRenewals(w.store, w.clock);
    const written: string[] = [];
    let lost = 0;
    const mailbox = watchedMailbox(
      w.mailbox,
      (method, args) => {
        if (lost === 0 && lostAfter(method, args, oldId)) {
          lost++;
          slow.arm();
        }
      },
      written,
    );
    const before = w.mailbox.folderContacts(oldId).map((c) => c.id);
    const outcome = runSync(
      { bc: w.bc, mailbox, store: slow.store, clock: w.clock, logger: silentLogger },
      { runId: 'run-moving', userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
    );
    await expect(outcome).rejects.toBeInstanceOf(LeaseLostError);
    expect({ lost, written }).toEqual({ lost: 1, written: [] });
    expect(written).not.toContain(write);
    // The old folder keeps its name and every copy: the rival's run finds the state as it was.
    expect(w.mailbox.folderByName('Business Central')?.id).toBe(oldId);
    expect(w.mailbox.folderContacts(oldId).map((c) => c.id)).toEqual(before);
    expect(
      await w.store.renewLease(leaseKeyOf(USER, 'BC Contacts'), 'rival', w.clock.now(), LEASE_TTL_MS),
    ).toBe(true);
  });
});
