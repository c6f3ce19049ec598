/**
 * The company's create turn is a lease too (create-turn.ts): every BC creator looks an address up
 * under it and makes the contact only when BC holds none. Its renewals' failures were ignored, and
 * nothing checked it before the creates went out: a run whose look-up answered after the turn's
 * time, another creator (a colleague's run, "This sender") having taken the turn, looked the same
 * address up and made it, made it too — two BC contacts of one address. Now withCreateTurn's `held`
 * (the lease keeper's `confirm` on the turn) is asked just before the creates: a turn lost defers
 * them (createTurnBusy), and the next sync matches the address to the contact the other made.
 */
import { describe, expect, test } from '@jest/globals';
import { takeCreateTurn } from '../../src/core/create-turn.js';
import { withCreateTurn } from '../../src/core/create-turn-hold.js';
import { CREATE_TURN_MS, createTurnKey } from '../../src/core/lease.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { BcContacts } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { USER, World, outlookPerson } from '../support/world.js';

const ADDRESS = 'outlook7@fabrikam.com';

async function holding(w: World) {
  return (await w.bc.listAll()).filter((c) => normalizeEmail(c.email) === ADDRESS);
}

describe("a run's BC creates go out only while its create turn is still its own", () => {
  test('the named example: the look-up under the turn answers past its time, another creator made the address meanwhile: deferred, one BC contact', async () => {
    const w = new World();
    expect((await w.sync('full')).record.status).toBe('succeeded');
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(7));
    let stalled = 0;
    const bc = new Proxy(w.bc, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== 'findByEmails')
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        return async (emails: readonly string[]) => {
          const answer = await target.findByEmails(emails);
          // Answered after the turn's time; meanwhile another creator took the turn and made the address.
          stalled++;
          w.clock.advance(CREATE_TURN_MS + 1);
          const rival = await w.store.acquireLease(
            createTurnKey(target.companyId),
            'sender-rival',
            w.clock.now(),
            CREATE_TURN_MS,
          );
          expect(rival.ok).toBe(true);
          w.bc.seed({ displayName: 'Outlook 7', email: ADDRESS });
          return answer;
        };
      },
    }) as BcContacts;
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
      { runId: 'run-late', userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
    );
    expect(stalled).toBe(1);
    expect({ created: record.counts.bc.created, deferred: record.deferred?.createTurnBusy }).toEqual({
      created: 0,
      deferred: 1,
    });
    expect(await holding(w)).toHaveLength(1);
    // The other creator lets go; the next sync links the Outlook contact to the contact it made.
    await w.store.releaseLease(createTurnKey(w.bc.companyId), 'sender-rival');
    const next = await w.sync('full');
    expect(next.record.counts.bc.created).toBe(0);
    const [made] = await holding(w);
    expect((await w.outlook()).find((c) => c.emailAddresses[0]?.address === ADDRESS)?.bcId).toBe(made!.id);
  });
});

describe('withCreateTurn\'s `held` (every creator\'s check before its creates: runs, "This sender")', () => {
  const KEY = createTurnKey('company-1');

  /** `work` run under the turn `run-a` took, with the store's lease calls noted. */
  async function underTurn(work: (held: () => Promise<boolean>, w: World) => Promise<boolean>) {
    const w = new World();
    const askedAt = w.clock.monotonicMs();
    expect(await takeCreateTurn({ store: w.store, clock: w.clock }, 'company-1', 'run-a', 0)).toBe(true);
    const renewals: string[] = [];
    const store = new Proxy(w.store, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'renewLease')
          return (key: string, owner: string, now: string, ttl: number) => {
            renewals.push(owner);
            return target.renewLease(key, owner, now, ttl);
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const held = await withCreateTurn(
      { store, clock: w.clock },
      'company-1',
      'run-a',
      (h) => work(h, w),
      undefined,
      askedAt,
    );
    return { held, renewals };
  }

  test('fresh: held, a clock read (no store call)', async () => {
    const r = await underTurn(async (held, w) => {
      w.clock.advance(CREATE_TURN_MS / 2 - 1);
      return held();
    });
    expect(r).toEqual({ held: true, renewals: [] });
  });

  test('past its time, another creator took it: not held, and not taken back', async () => {
    const r = await underTurn(async (held, w) => {
      w.clock.advance(CREATE_TURN_MS + 1);
      expect((await w.store.acquireLease(KEY, 'sender-b', w.clock.now(), CREATE_TURN_MS)).ok).toBe(true);
      const answer = await held();
      expect(await w.store.renewLease(KEY, 'sender-b', w.clock.now(), CREATE_TURN_MS)).toBe(true);
      return answer;
    });
    expect(r).toEqual({ held: false, renewals: ['run-a'] });
  });

  test('late but nobody took it: renewed once, held', async () => {
    const r = await underTurn(async (held, w) => {
      w.clock.advance(CREATE_TURN_MS + 1);
      return held();
    });
    expect(r).toEqual({ held: true, renewals: ['run-a'] });
  });
});
