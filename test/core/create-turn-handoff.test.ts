/**
 * Tester F72 rest: a holder of a company's create turn that let it go and took it again at once,
 * straight at the turn (the sync API's lease route), won against "This sender" waiting in line
 * four times in five (409 after 15–16 s). Now a place is taken as the line allows
 * (create-turn.ts takeLinePlace): a creator not holding the place behind walks from the line's end
 * and stops behind whoever waits, so the turn goes to the line in order. Time is a manual clock and
 * the waiter's pauses are resumed by hand: nothing depends on how fast time passes.
 */
import { describe, expect, test } from '@jest/globals';
import { takeCreateTurn, takeLinePlace } from '../../src/core/create-turn.js';
import {
  CREATE_TURN_LINE,
  CREATE_TURN_MS,
  CREATE_TURN_RETRY_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import type { LeaseResult, SyncStateStore } from '../../src/core/ports.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000f7';
/** "This sender" waits this long for the turn (sender.ts). */
const SENDER_WAIT_MS = 15_000;

/** Pauses the test resumes by hand; `waiting()` settles once a creator sits in one. */
function handPauses() {
  const resumes: (() => void)[] = [];
  return {
    pause: () => new Promise<void>((resolve) => resumes.push(resolve)),
    /**
     * Lets the event loop run until the creator pauses or `done` (its store calls are promise
     * turns only, so this takes no time of its own).
     */
    async waiting(done: () => boolean = () => false): Promise<void> {
      for (let i = 0; i < 10_000 && resumes.length === 0 && !done(); i++)
        await new Promise((r) => setImmediate(r));
      if (resumes.length === 0 && !done()) throw new Error('the creator never paused');
    },
    resume: () => resumes.splice(0).forEach((r) => r()),
  };
}

type Grab = (store: SyncStateStore, clock: ManualClock) => Promise<LeaseResult>;
/** The greedy holder's acquire through the lease route: in line (now) or straight at the turn (before). */
const inLine: Grab = (store, clock) => takeLinePlace({ store, clock }, COMPANY, 'ann', 0, CREATE_TURN_MS);
const straight: Grab = (store, clock) =>
  store.acquireLease(createTurnKey(COMPANY), 'ann', clock.now(), CREATE_TURN_MS);

/** Five "This sender" adds by bob while ann lets the turn go and takes it again at once. */
async function fiveSenders(grab: Grab) {
  const store = new MemorySyncStateStore();
  const clock = new ManualClock();
  const turn = createTurnKey(COMPANY);
  expect(await grab(store, clock)).toStrictEqual({ ok: true });
  const outcomes: { bob: boolean; annRetook: boolean }[] = [];
  for (let n = 0; n < 5; n++) {
    const hand = handPauses();
    const bob = takeCreateTurn({ store, clock, pause: hand.pause }, COMPANY, `bob-${n}`, SENDER_WAIT_MS);
    await hand.waiting();
    // Ann's group ends: she lets the turn go and asks for it again at once.
    await store.releaseLease(turn, 'ann');
    const annRetook = (await grab(store, clock)).ok;
    // Bob asks again after each pause, until he has the turn or his wait is over.
    let bobGot: boolean | undefined;
    void bob.then((got) => (bobGot = got));
    while (bobGot === undefined) {
      clock.advance(CREATE_TURN_RETRY_MS);
      hand.resume();
      await hand.waiting(() => bobGot !== undefined);
    }
    outcomes.push({ bob: bobGot, annRetook });
    if (bobGot) await store.releaseLease(turn, `bob-${n}`);
    // Ann's next group: she takes the turn again (the line is empty now, or she kept it).
    if (!annRetook) expect((await grab(store, clock)).ok).toBe(true);
  }
  return outcomes;
}

describe('the create turn is handed to the line in order (F72 rest)', () => {
  test("the tester's example: ann retakes the turn at once 5 times; bob's 5 adds each get it, ann is refused", async () => {
    const outcomes = await fiveSenders(inLine);
    expect(outcomes).toStrictEqual(Array.from({ length: 5 }, () => ({ bob: true, annRetook: false })));
  });

  test('control: straight at the turn (the route before), ann wins every time and bob waits out his 15 s', async () => {
    const outcomes = await fiveSenders(straight);
    expect(outcomes).toStrictEqual(Array.from({ length: 5 }, () => ({ bob: false, annRetook: true })));
  });

  test('a creator holding the place behind takes its next place; one that holds none walks from the end', async () => {
    const store = new MemorySyncStateStore();
    const clock = new ManualClock();
    const place = (n: number) => createTurnKey(COMPANY, n);
    // Carol waits at place 2 (she holds it). Dan, holding nothing, walks from the end: he stops at 3.
    for (let n = CREATE_TURN_LINE; n >= 2; n--) {
      expect((await takeLinePlace({ store, clock }, COMPANY, 'carol', n, 30_000)).ok).toBe(true);
    }
    const dan = await takeLinePlace({ store, clock }, COMPANY, 'dan', 1, 30_000);
    expect(dan.ok).toBe(false);
    // Nothing of Dan's walk is kept: place 3 is free again, place 2 is still Carol's.
    expect((await store.acquireLease(place(3), 'erin', clock.now(), 30_000)).ok).toBe(true);
    expect((await store.acquireLease(place(2), 'erin', clock.now(), 30_000)).ok).toBe(false);
    // Carol moves up to place 1 from place 2, then takes the turn.
    expect((await takeLinePlace({ store, clock }, COMPANY, 'carol', 1, 30_000)).ok).toBe(true);
    expect((await takeLinePlace({ store, clock }, COMPANY, 'carol', 0, CREATE_TURN_MS)).ok).toBe(true);
  });
});

describe('a join through the lease route (the pane) is walked up in one call', () => {
  test('it stops behind whoever waits and says where; the line end is free at once for the next to join', async () => {
    const store = new MemorySyncStateStore();
    const clock = new ManualClock();
    const place = (n: number) => createTurnKey(COMPANY, n);
    // Carol waits at place 2. The pane's engine joins at the end: one request, not one per place
    // (F72 at load: the pane held the end 0.8 s between two requests, and cli, refused there,
    // was overtaken by schedule, who asked after it).
    expect((await store.acquireLease(place(2), 'carol', clock.now(), 30_000)).ok).toBe(true);
    const bob = await takeLinePlace({ store, clock }, COMPANY, 'bob', CREATE_TURN_LINE, 30_000);
    expect(bob).toStrictEqual({ ok: true, place: 3 });
    expect((await store.acquireLease(place(CREATE_TURN_LINE), 'dan', clock.now(), 30_000)).ok).toBe(true);
    expect((await store.acquireLease(place(3), 'erin', clock.now(), 30_000)).ok).toBe(false);
    // Bob moves on from place 3 as takeCreateTurn asks, the place behind held.
    await store.releaseLease(place(2), 'carol');
    expect((await takeLinePlace({ store, clock }, COMPANY, 'bob', 2, 30_000)).ok).toBe(true);
  });

  test('takeCreateTurn over the route keeps the place it was told: it takes the turn after who waited before it', async () => {
    const store = new MemorySyncStateStore();
    const clock = new ManualClock();
    // The lease route in front of the store, as the pane's engine sees it: its requests counted.
    const asked: number[] = [];
    const route: SyncStateStore = Object.assign(Object.create(store) as SyncStateStore, {
      acquireLease: (key: string, owner: string, _now: string, ttlMs: number) => {
        const slot = [...Array(CREATE_TURN_LINE + 1).keys()].find((n) => createTurnKey(COMPANY, n) === key)!;
        asked.push(slot);
        return takeLinePlace({ store, clock }, COMPANY, owner, slot, ttlMs);
      },
    });
    expect((await store.acquireLease(createTurnKey(COMPANY), 'ann', clock.now(), CREATE_TURN_MS)).ok).toBe(
      true,
    );
    expect((await store.acquireLease(createTurnKey(COMPANY, 1), 'carol', clock.now(), 30_000)).ok).toBe(true);
    const hand = handPauses();
    let bobGot: boolean | undefined;
    void takeCreateTurn({ store: route, clock, pause: hand.pause }, COMPANY, 'bob', 60_000).then(
      (g) => (bobGot = g),
    );
    await hand.waiting();
    // Bob stands right behind carol after 2 requests (the join, then the place ahead: carol's),
    // not 5 (one per place: 5, 4, 3, 2, then 1), and the end is free.
    expect(asked).toStrictEqual([CREATE_TURN_LINE, 1]);
    expect((await store.acquireLease(createTurnKey(COMPANY, 2), 'dan', clock.now(), 30_000)).ok).toBe(false);
    expect(
      (await store.acquireLease(createTurnKey(COMPANY, CREATE_TURN_LINE), 'dan', clock.now(), 30_000)).ok,
    ).toBe(true);
    // Ann lets go, carol takes the turn and lets go: bob's next ask gets it.
    await store.releaseLease(createTurnKey(COMPANY), 'ann');
    expect((await takeLinePlace({ store, clock }, COMPANY, 'carol', 0, CREATE_TURN_MS)).ok).toBe(true);
    await store.releaseLease(createTurnKey(COMPANY), 'carol');
    clock.advance(CREATE_TURN_RETRY_MS);
    hand.resume();
    await hand.waiting(() => bobGot !== undefined);
    expect(bobGot).toBe(true);
  });

  test('each step through the route is one request: the pane does not let go again of the place the route let go', async () => {
    const store = new MemorySyncStateStore();
    const clock = new ManualClock();
    const place = (n: number) => createTurnKey(COMPANY, n);
    const slotOf = (key: string) => [...Array(CREATE_TURN_LINE + 1).keys()].find((n) => place(n) === key)!;
    // The pane's requests to the lease route, in order.
    const requests: string[] = [];
    const route: SyncStateStore = Object.assign(Object.create(store) as SyncStateStore, {
      acquireLease: (key: string, owner: string, _now: string, ttlMs: number) => {
        requests.push(`acquire ${slotOf(key)}`);
        return takeLinePlace({ store, clock }, COMPANY, owner, slotOf(key), ttlMs);
      },
      releaseLease: (key: string, owner: string) => {
        requests.push(`release ${slotOf(key)}`);
        return store.releaseLease(key, owner);
      },
    });
    expect((await store.acquireLease(place(0), 'ann', clock.now(), CREATE_TURN_MS)).ok).toBe(true);
    expect((await store.acquireLease(place(1), 'carol', clock.now(), 30_000)).ok).toBe(true);
    const hand = handPauses();
    let bobGot: boolean | undefined;
    void takeCreateTurn({ store: route, clock, pause: hand.pause }, COMPANY, 'bob', 60_000).then(
      (g) => (bobGot = g),
    );
    await hand.waiting();
    // Each time the line moves, bob asks once: ann lets go and carol steps up, then carol lets go.
    for (const ahead of ['ann', 'carol']) {
      await store.releaseLease(place(0), ahead);
      if (ahead === 'ann')
        expect((await takeLinePlace({ store, clock }, COMPANY, 'carol', 0, CREATE_TURN_MS)).ok).toBe(true);
      clock.advance(CREATE_TURN_RETRY_MS);
      hand.resume();
      await hand.waiting(() => bobGot !== undefined);
    }
    expect(bobGot).toBe(true);
    // Before: a "release 2" after the step to 1 and a "release 1" after the step to the turn, each
    // a place the route had let go already.
    expect(requests).toStrictEqual([
      `acquire ${CREATE_TURN_LINE}`,
      'acquire 1',
      'acquire 1',
      'acquire 0',
      'acquire 0',
    ]);
    // Nothing of bob's way is left held: every place of the line is free for dan.
    for (let n = 1; n <= CREATE_TURN_LINE; n++)
      expect((await store.acquireLease(place(n), 'dan', clock.now(), 30_000)).ok).toBe(true);
  });
});
