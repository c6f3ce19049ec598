/**
 * Review of the create turn taken while a delta reads (turn-ahead.ts, issue 12 delta-outlook-1pct):
 * however the run ends after taking it — failed, cancelled, held, a dry run, claimed late — the
 * company's line is left free, no creator waiting in line is overtaken (F72), and users whose
 * deltas overlap import one BC contact per address (F61, delta runs: concurrent-imports covers full).
 */
import { describe, expect, test } from '@jest/globals';
import { createTurnKey } from '../../src/core/lease.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { BcRead } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { RunHooks } from '../../src/core/run.js';
import type { World } from '../support/world.js';
import { USER, deltaReady, outlookPerson } from '../support/world.js';
import { lineFree } from '../support/turn-line.js';

let runs = 0;
/** A delta of `w`, a minute after the last, with no time passing after it (World.sync lets a
 * minute pass, and a turn left held would expire before the line is looked at). */
async function deltaNow(w: World, options: { dryRun?: boolean; hooks?: RunHooks } = {}) {
  w.clock.advance(60_000);
  return runSync(
    { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
    {
      runId: `review-${++runs}`,
      userId: USER,
      mode: 'delta',
      dryRun: options.dryRun ?? false,
      trigger: 'pane',
    },
    options.hooks ?? {},
  );
}

/** A synced folder of 5 with 3 new Outlook contacts (BC creates) and one edited (a BC update). */
async function newInOutlook() {
  const { w } = await deltaReady(5);
  const folder = await w.folder();
  const [edited] = await w.outlook();
  w.mailbox.userEdit(edited!.id, { jobTitle: 'Edited in Outlook' });
  for (let i = 1; i <= 3; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
  return w;
}

/** Counts the run's takes of the turn itself (slot 0) by who took it. */
function turnTakes(w: World): string[] {
  const takes: string[] = [];
  const acquire = w.store.acquireLease.bind(w.store);
  w.store.acquireLease = async (key, owner, ...rest) => {
    const got = await acquire(key, owner, ...rest);
    if (got.ok && key === createTurnKey(w.bc.companyId)) takes.push(owner);
    return got;
  };
  return takes;
}

describe('a turn taken ahead is let go however the run ends', () => {
  test('the run fails while it plans, before any create', async () => {
    const w = await newInOutlook();
    const takes = turnTakes(w);
    let planned = false;
    await expect(
      deltaNow(w, {
        hooks: {
          onProgress: (e) => {
            if (e.phase !== 'planning' || planned) return;
            planned = true;
            throw new Error('store down');
          },
        },
      }),
    ).rejects.toThrow('store down');
    expect(planned).toBe(true);
    expect(takes.length).toBeGreaterThan(0);
    expect((await w.bc.listAll()).length).toBe(5);
    expect(await lineFree(w)).toBe(true);
  });

  test('the run is cancelled once it planned', async () => {
    const w = await newInOutlook();
    const takes = turnTakes(w);
    let cancelled = false;
    const { record } = await deltaNow(w, {
      hooks: {
        cancel: { isCancelled: () => cancelled },
        onProgress: (e) => {
          if (e.phase === 'planning') cancelled = true;
        },
      },
    });
    expect(record.status).toBe('cancelled');
    expect(takes.length).toBeGreaterThan(0);
    expect(await lineFree(w)).toBe(true);
  });

  test('the run is held by the mass-delete guard', async () => {
    const w = await newInOutlook();
    for (const c of (await w.bc.listAll()).slice(0, 3)) w.bc.remove(c.id);
    const takes = turnTakes(w);
    const { record } = await deltaNow(w);
    expect(record.status).toBe('held');
    expect(takes.length).toBeGreaterThan(0);
    expect(await lineFree(w)).toBe(true);
  });

  test('a dry run takes no turn', async () => {
    const w = await newInOutlook();
    const takes = turnTakes(w);
    const { record } = await deltaNow(w, { dryRun: true });
    expect(record.status).toBe('succeeded');
    expect(takes).toEqual([]);
    expect(await lineFree(w)).toBe(true);
  });

  test('claimed after its hold ended (planning took 11 s): let go and taken again in line, the creates made once', async () => {
    const w = await newInOutlook();
    const takes = turnTakes(w);
    let late = false;
    const { record } = await deltaNow(w, {
      hooks: {
        onProgress: (e) => {
          if (e.phase === 'planning' && !late) {
            late = true;
            w.clock.advance(11_000);
          }
        },
      },
    });
    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.created).toBe(3);
    expect(takes.length).toBe(2);
    expect((await w.bc.listAll()).length).toBe(8);
    expect(await lineFree(w)).toBe(true);
  });
});

describe('a creator waiting in line is not overtaken by a turn taken ahead (F72)', () => {
  test('the turn is free, a colleague waits at place 1: the run does not take the turn while it reads', async () => {
    const w = await newInOutlook();
    const takes = turnTakes(w);
    // A colleague waits right behind the turn, which its last holder has just let go.
    const waiting = await w.store.acquireLease(
      createTurnKey(w.bc.companyId, 1),
      'colleague',
      w.clock.now(),
      3_600_000,
    );
    expect(waiting.ok).toBe(true);
    const { record } = await deltaNow(w);
    // No ticker in this world: the run defers its creates rather than waiting (F69), as before.
    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.created).toBe(0);
    expect(takes).toEqual([]);
    // The colleague still holds its place; the run left nothing else held.
    expect((await w.store.acquireLease(createTurnKey(w.bc.companyId, 1), 'probe', w.clock.now(), 1)).ok).toBe(
      false,
    );
    await w.store.releaseLease(createTurnKey(w.bc.companyId, 1), 'colleague');
    expect(await lineFree(w)).toBe(true);
  });
});

/** Users of one company, each with a synced folder, whose deltas read BC before any of them writes. */
async function overlappingDeltas(users: number, addresses: number) {
  const clock = new ManualClock('2026-12-01T19:00:00.000Z');
  const bc = new MemoryBcContacts(clock);
  const store = new MemorySyncStateStore();
  const mailboxes = Array.from({ length: users }, () => new MemoryMailbox());
  let n = 0;
  const run = (u: number, mode: 'full' | 'delta') =>
    runSync(
      { bc, mailbox: mailboxes[u]!, store, clock, logger: silentLogger },
      { runId: `run-${u}-${++n}`, userId: `user-${u}`, mode, dryRun: false, trigger: 'schedule' },
    );
  for (let u = 0; u < users; u++) await run(u, 'full');
  clock.advance(20 * 60_000);
  for (const m of mailboxes) {
    const folder = m.folderByName('Business Central')!;
    for (let a = 0; a < addresses; a++) m.userCreate(folder.id, outlookPerson(900 + a));
  }
  let waiting = 0;
  let release!: () => void;
  const allRead = new Promise<void>((r) => (release = r));
  const read = bc.readChanges.bind(bc);
  bc.readChanges = async (link): Promise<BcRead> => {
    const answer = await read(link);
    if (++waiting === users) release();
    await allRead;
    return answer;
  };
  const first = await Promise.all(mailboxes.map((_m, u) => run(u, 'delta')));
  bc.readChanges = read;
  const perAddress = new Map<string, number>();
  for (const c of await bc.listAll())
    perAddress.set(normalizeEmail(c.email), (perAddress.get(normalizeEmail(c.email)) ?? 0) + 1);
  clock.advance(60_000);
  const second = [];
  for (let u = 0; u < users; u++) second.push(await run(u, 'delta'));
  return { first, second, perAddress, bcAfter: (await bc.listAll()).length, mailboxes };
}

describe('overlapping deltas of users of one company import one BC contact per address (F61)', () => {
  test.each([
    [2, 1],
    [2, 4],
    [3, 3],
  ])('%i users, %i new people each', async (users, addresses) => {
    const { first, second, perAddress, bcAfter, mailboxes } = await overlappingDeltas(users, addresses);
    expect(first.map((o) => o.record.status)).toEqual(Array.from({ length: users }, () => 'succeeded'));
    expect(perAddress.size).toBe(addresses);
    expect([...perAddress.values()].every((c) => c === 1)).toBe(true);
    expect(bcAfter).toBe(addresses);
    expect(first.map((o) => o.record.counts.bc.created).reduce((a, b) => a + b, 0)).toBe(addresses);
    for (const o of second) expect(o.record.counts.bc.created).toBe(0);
    for (const m of mailboxes) {
      const copies = m.folderContacts(m.folderByName('Business Central')!.id);
      expect(copies).toHaveLength(addresses);
      expect(new Set(copies.map((c) => c.bcId)).size).toBe(addresses);
    }
  });
});
