import { describe, expect, test } from '@jest/globals';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { LEASE_HEARTBEAT_MS } from '../../src/core/lease.js';
import { runSync } from '../../src/core/run.js';
import type { RunRecord } from '../../src/core/records.js';
import type { World } from '../support/world.js';
import { deltaReady, outlookPerson } from '../support/world.js';

// Review of d0802e2 (BC id stamps go out as their creates answer): a create call that answers in
// parts counts each part's contacts as created when the part answers, while the call's whole count
// stays uncertain until the call ends. A record saved meanwhile (here the lease's renewal with the
// run's progress, in the first stamp group's beforeChunk) holds those contacts twice: in `counts`
// and in `uncertain`, which records.ts says `counts` leaves out. A run interrupted there says 4
// were created and 9 more may have been, of the 9 it asked BC to create.

const NEW = 9;
const FIRST = 4;

/** `w`'s BC, whose create answers its first FIRST drafts (told through `answered`) before the rest. */
/** What a create call tells of its drafts answered while others are still out (BcContacts.create). */
type Answered = (at: readonly number[], outcomes: readonly unknown[]) => void;

/** `w`'s BC, whose create answers its first FIRST drafts (told through `answered`) before the rest. */
function inParts(w: World): BcContacts {
  const create = async (drafts: Parameters<BcContacts['create']>[0], answered?: Answered) => {
    const first = await w.bc.create(drafts.slice(0, FIRST));
    // BC took its time: the lease is due a renewal (with the record's progress) by the next group.
    w.clock.advance(LEASE_HEARTBEAT_MS);
    answered?.(
      first.map((_, i) => i),
      first,
    );
    // The first part's stamps go out on the next turns of the event loop (they wait for no answer).
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    const rest = await w.bc.create(drafts.slice(FIRST));
    answered?.(
      rest.map((_, i) => FIRST + i),
      rest,
    );
    return [...first, ...rest];
  };
  return Object.assign(Object.create(w.bc) as BcContacts, { create });
}

describe('the record saved while a create call answers in parts (review of d0802e2)', () => {
  test('counts no BC create both as created and as uncertain', async () => {
    const { w } = await deltaReady(20);
    const folder = await w.folder();
    for (let i = 1; i <= NEW; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
    /** The run's record as saved when each Outlook update call (a stamp) went out. */
    const seen: RunRecord[] = [];
    const mailbox = new Proxy(w.mailbox, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'update' || typeof value !== 'function') return value;
        const update: Mailbox['update'] = async (folderId, updates) => {
          const [record] = await w.store.listRuns('ann@contoso.com', 1);
          if (record) seen.push(record);
          return (value as Mailbox['update']).call(target, folderId, updates);
        };
        return update;
      },
    });
    w.clock.advance(60_000);
    const outcome = await runSync(
      { bc: inParts(w), mailbox, store: w.store, clock: w.clock, logger: silentLogger },
      { runId: 'parts-record', userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
    );

    expect(outcome.record.counts.bc.created).toBe(NEW);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) {
      const created = r.counts.bc.created;
      const uncertain = r.uncertain?.bc.created ?? 0;
      expect([r.status, created, uncertain, created + uncertain <= NEW]).toEqual([
        'running',
        created,
        uncertain,
        true,
      ]);
    }
  });
});
