/**
 * A cancel stops every write after its 202, wherever it is heard (review V10 and its kind): no
 * Outlook or BC write call starts after the cancel is marked on the run's stored record, whichever
 * write path comes next. Found: the folder's re-creation (the read phase's ensureFolder) and a
 * folder move's rename had no save of the record before them, and the BC id stamps (and the BC
 * updates sent behind a group's creates) were announced in the creates' save, before BC's creates
 * went out: a cancel marked at another process while BC or Graph answered the call before let them
 * go. Now each of those asks the store afresh (a save of the record, refused once a cancel is
 * marked) right before it goes.
 *
 * The adversary: for each write path, a run whose plan takes it; every BC and Graph call of that
 * run in turn (reads and writes) is held at the wire, the cancel is marked while it is held — at
 * another process (the store's mark only) or at the process running the run (the mark and the
 * host's cancel flag) — and the call is let go. Counted: the write calls started after the mark.
 * Store calls are not held: a cancel marked between a save's statement and its answer lets the
 * write that save announced go (README "Cancelling a run").
 */
import { describe, expect, test } from '@jest/globals';
import { BEATING_READS, HELD_WRITES } from '../../src/core/lease-keeper.js';
import { IN_TURN_FRESH_MS } from '../../src/core/lease.js';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { USER, World, editedAndNewInOutlook, linkedPerson, outlookPerson, person } from '../support/world.js';

type Place = 'another process' | 'the same process';
const PLACES: readonly Place[] = ['another process', 'the same process'];

/** A write path, and the world before a run whose plan takes it. */
interface Path {
  readonly name: string;
  /** The port call the path makes (`side.method`); `stamp`: an Outlook update after a BC create. */
  readonly write: string;
  readonly mode: 'full' | 'delta';
  readonly world: () => Promise<World>;
}

const PATHS: readonly Path[] = [
  {
    name: 'Outlook create (and the first run making the folder)',
    write: 'mailbox.create',
    mode: 'full',
    world: async () => {
      const w = new World();
      for (const n of [1, 2, 3]) w.bc.seed(person(n));
      return w;
    },
  },
  {
    name: 'the folder made first (ensureFolder)',
    write: 'mailbox.ensureFolder',
    mode: 'full',
    world: async () => {
      const w = new World();
      w.bc.seed(person(1));
      return w;
    },
  },
  {
    name: 'the folder re-created (read phase: ensureFolder, V10)',
    write: 'mailbox.ensureFolder',
    mode: 'delta',
    world: async () => {
      const { w } = await linkedPerson();
      w.mailbox.userDeleteFolder((await w.folder()).id);
      return w;
    },
  },
  {
    name: "a folder move's rename (renameFolderById, V10)",
    write: 'mailbox.renameFolderById',
    mode: 'delta',
    world: async () => {
      const { w } = await linkedPerson();
      await w.settings({ folderName: 'BC Contacts' });
      return w;
    },
  },
  {
    name: "a folder move's removal of the old copies (Outlook delete)",
    write: 'mailbox.delete',
    mode: 'full',
    world: async () => {
      const { w } = await linkedPerson();
      await w.mailbox.ensureFolder('BC Contacts');
      await w.settings({ folderName: 'BC Contacts' });
      return w;
    },
  },
  {
    name: 'Outlook update',
    write: 'mailbox.update',
    mode: 'delta',
    world: async () => {
      const { w, a } = await linkedPerson();
      w.later();
      w.bc.edit(a.id, { jobTitle: 'Edited in BC' });
      return w;
    },
  },
  {
    name: 'Outlook delete',
    write: 'mailbox.delete',
    mode: 'delta',
    world: async () => {
      const w = new World();
      await w.settings({ massDeleteShare: 1 });
      const a = w.bc.seed(person(1));
      w.bc.seed(person(2));
      await w.sync('full');
      w.later();
      w.bc.remove(a.id);
      return w;
    },
  },
  {
    name: 'BC create',
    write: 'bc.create',
    mode: 'full',
    world: async () => {
      const w = new World();
      const folder = await w.mailbox.ensureFolder('Business Central');
      w.mailbox.userCreate(folder.id, outlookPerson(1));
      return w;
    },
  },
  {
    name: 'the BC id stamp after a BC create',
    write: 'stamp',
    mode: 'full',
    world: async () => {
      const w = new World();
      const folder = await w.mailbox.ensureFolder('Business Central');
      w.mailbox.userCreate(folder.id, outlookPerson(1));
      return w;
    },
  },
  {
    name: 'BC update',
    write: 'bc.update',
    mode: 'delta',
    world: async () => {
      const { w, o } = await linkedPerson();
      w.later();
      w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
      return w;
    },
  },
  {
    name: "BC updates sent behind a group's creates",
    write: 'bc.update',
    mode: 'delta',
    world: async () => {
      const w = new World();
      for (const n of [1, 2, 3, 4, 5, 6]) w.bc.seed(person(n));
      await w.sync('full');
      w.later();
      await editedAndNewInOutlook(w);
      return w;
    },
  },
];

/** One port call as the run made it: `side.method`; an Outlook update after a BC create is a `stamp`. */
interface Call {
  readonly name: string;
  readonly stamp: boolean;
}

/**
 * The run of `path` on a fresh world, its BC and Graph calls noted in order; the call at `holdAt`
 * (if any) held at the wire until `let go`, with `reached` resolved once it is.
 */
async function run(path: Path, holdAt: number | null, cancelFlag: () => boolean) {
  const w = await path.world();
  const calls: Call[] = [];
  let letGo: () => void = () => undefined;
  const release = new Promise<void>((resolve) => (letGo = resolve));
  let reached: () => void = () => undefined;
  const atHold = new Promise<void>((resolve) => (reached = resolve));
  const noted = <T extends object>(side: 'bc' | 'mailbox', port: T, methods: readonly string[]): T => {
    const wanted = new Set<PropertyKey>(methods);
    return new Proxy(port, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function' || !wanted.has(property)) return value;
        return async (...args: unknown[]) => {
          const name = `${side}.${String(property)}`;
          const stamp = name === 'mailbox.update' && calls.some((c) => c.name === 'bc.create');
          const at = calls.push({ name, stamp }) - 1;
          if (at === holdAt) {
            reached();
            await release;
          }
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  };
  const bc = noted('bc', w.bc as BcContacts, [...BEATING_READS.bc, ...HELD_WRITES.bc]);
  const mailbox = noted('mailbox', w.mailbox as Mailbox, [...BEATING_READS.mailbox, ...HELD_WRITES.mailbox]);
  const runId = `cancel-${path.write}`;
  w.clock.advance(60_000);
  const end: Promise<RunRecord | Error> = runSync(
    { bc, mailbox, store: w.store, clock: w.clock, logger: silentLogger },
    { runId, userId: USER, mode: path.mode, dryRun: false, trigger: 'api', confirmMassDelete: false },
    { cancel: { isCancelled: cancelFlag } },
  ).then(
    (o) => o.record,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  return { w, calls, runId, end, atHold, letGo };
}

const WRITES = new Set([
  ...HELD_WRITES.bc.map((m) => `bc.${m}`),
  ...HELD_WRITES.mailbox.map((m) => `mailbox.${m}`),
]);
const isWrite = (c: Call): boolean => WRITES.has(c.name);

const takes = (path: Path, c: Call): boolean => (path.write === 'stamp' ? c.stamp : c.name === path.write);

/** Every event loop turn the memory fakes need: what runs without the held call has run. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The run of `path` cancelled while its call `at` is held, at `place`: the write calls that
 * started after the mark (none, when the cancel is kept), or null when the run ended before it
 * made that call or was not stored yet (nothing to cancel: a cancel is answered 404 then).
 */
async function cancelledAt(path: Path, at: number, place: Place, heldMs = IN_TURN_FRESH_MS) {
  let local = false;
  const r = await run(path, at, () => local);
  const first = await Promise.race([
    r.atHold.then(() => 'held' as const),
    r.end.then(() => 'ended' as const),
  ]);
  if (first === 'ended') return null;
  await settled();
  // The held call takes `heldMs` (IN_TURN_FRESH_MS): a write the run checks in its turn (a Graph
  // envelope, the BC id stamps and the BC updates after BC's creates, the creates after their
  // look-up) saves the record before it goes. Sooner, it may go on the lease's check only (the
  // bound: 'within the bound' below).
  r.w.clock.advance(heldMs);
  const answer = r.w.store.requestCancel(USER, r.runId);
  if (answer === 'marked' && place === 'the same process') local = true;
  const mark = r.calls.length;
  r.letGo();
  const end = await r.end;
  if (answer !== 'marked') return null;
  const after = r.calls.slice(mark).filter(isWrite);
  return { after: after.map((c) => (c.stamp ? 'stamp' : c.name)), end, took: r.calls.slice(0, mark) };
}

/** How many BC and Graph calls the path's run makes uncancelled, and that it takes the path. */
async function reference(path: Path): Promise<number> {
  const r = await run(path, null, () => false);
  const end = await r.end;
  expect(end).toMatchObject({ status: 'succeeded' });
  expect(r.calls.some((c) => takes(path, c))).toBe(true);
  return r.calls.length;
}

describe('a cancel marked while any BC or Graph call of the run is out: no write call starts after it', () => {
  const table = PATHS.flatMap((path) => PLACES.map((place) => [path.name, place, path] as const));
  test.each(table)('%s, cancel heard at %s', async (_name, place, path) => {
    const n = await reference(path);
    let cancelled = 0;
    const late: string[] = [];
    for (let at = 0; at < n; at++) {
      const seen = await cancelledAt(path, at, place);
      if (seen === null) continue;
      cancelled++;
      if (seen.after.length > 0) late.push(`held call ${at}: ${seen.after.join(', ')}`);
      // Not thrown: a cancelled run ends with its record (cancelled, or as it would with nothing left).
      expect(seen.end).not.toBeInstanceOf(Error);
    }
    expect(late).toEqual([]);
    // The mark found the run stored at most of the points (the first reads go before its record).
    expect(cancelled).toBeGreaterThan(0);
  });
});

/** The call the path's write follows: the last `name` call before its first such write. */
async function callBefore(path: Path, name: string): Promise<number> {
  const r = await run(path, null, () => false);
  await r.end;
  const write = r.calls.findIndex((c) => takes(path, c));
  const at = r.calls.slice(0, write).findLastIndex((c) => c.name === name);
  expect(at).toBeGreaterThanOrEqual(0);
  return at;
}

describe('named: the write after a call out when another process cancels (review V10)', () => {
  test.each([
    // The folder's id was stored; the folder is gone: read (folderWithChanges), then made again.
    ['the folder re-created after its read', 2, 'mailbox.folderWithChanges'],
    // The old folder read by its id, no folder of the new name found, then the old one renamed.
    ["a folder move's rename after the look-up of the new name", 3, 'mailbox.findFolder'],
    // Counted with BC's creates (UpdatesAhead), sent once BC answered them.
    ['the BC id stamp after its BC create', 8, 'bc.create'],
  ] as const)('%s does not go', async (_name, index, before) => {
    const path = PATHS[index]!;
    const seen = await cancelledAt(path, await callBefore(path, before), 'another process');
    expect(seen).not.toBeNull();
    expect(seen!.after).toEqual([]);
    expect(seen!.end).toMatchObject({ status: 'cancelled' });
  });
});

describe('within the bound: a write checked in its turn sooner than IN_TURN_FRESH_MS after a save', () => {
  test('the BC id stamp right after its BC create goes, and nothing after it', async () => {
    const path = PATHS[8]!;
    const seen = await cancelledAt(path, await callBefore(path, 'bc.create'), 'another process', 0);
    expect(seen).not.toBeNull();
    // The stamp's call goes on the lease's check (the creates' save was less than IN_TURN_FRESH_MS
    // before it). It was the run's last write: the run ends as it would, the cancel too late.
    expect(seen!.after).toEqual(['stamp']);
    expect(seen!.end).toMatchObject({ status: 'succeeded' });
  });
});
