import { describe, expect, test } from '@jest/globals';
import { CREATE_TURN_LINE, createTurnKey } from '../../src/core/lease.js';
import type { KnownVersions, Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { roundTrips } from '../support/round-trips.js';
import type { World } from '../support/world.js';
import { NO_NAME, deltaReady, editedAndNewInOutlook, outlookPerson, person } from '../support/world.js';
import { lineFree } from '../support/turn-line.js';

// Issue 12 (delta-outlook-1pct): after Graph's reads by id of the reported contacts, the create
// turn's walk and the look-up of the new contacts' e-mails under it stood between Graph's answer and
// BC's creates. The turn is now taken while Graph reads (core/turn-ahead.ts). Counted in rounds
// (test/support/round-trips), with Graph's reads by id as READ_ROUNDS rounds of their own: the
// memory mailbox answers them with the delta page, which hid them from the count.

const READ_ROUNDS = 10;
const CHANGED = 'changed@fabrikam.com';

/** `mailbox` whose delta reads by id take READ_ROUNDS rounds of `reads` once `known` answered. */
function readingById(mailbox: Mailbox, reads: { byId(): Promise<void> }): Mailbox {
  const slow = (known: KnownVersions | undefined): KnownVersions | undefined =>
    known &&
    (async (reported) => {
      const held = await known(reported);
      if (reported.some((r) => !held.has(r.id))) for (let i = 0; i < READ_ROUNDS; i++) await reads.byId();
      return held;
    });
  return new Proxy(mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'folderWithChanges')
        return (folderId: string, link: string, known?: KnownVersions, onPage?: never) =>
          target.folderWithChanges(folderId, link, slow(known), onPage);
      if (prop === 'readChanges')
        return (folderId: string, link: string | null, known?: KnownVersions, onPage?: never) =>
          target.readChanges(folderId, link, slow(known), onPage);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A delta of `w` counted in rounds, Graph's reads by id among them ('graph.byId'). */
async function countedDelta(w: World, runId: string) {
  const rt = roundTrips();
  const reads = rt.gated({ byId: async () => undefined }, 'graph');
  w.clock.advance(60_000);
  const deps = {
    bc: rt.gated(w.bc, 'bc'),
    mailbox: readingById(rt.gated(w.mailbox, 'outlook'), reads),
    store: rt.gated(w.store, 'store'),
    clock: w.clock,
    logger: silentLogger,
  };
  return rt.measure(() =>
    runSync(deps, { runId, userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' }),
  );
}

describe('the create turn taken while Graph reads by id', () => {
  test('5 edited and 5 new: BC creates go out 3 rounds after the reads by id answer, not 10', async () => {
    const { w } = await deltaReady(30);
    await editedAndNewInOutlook(w);
    const { result, rounds } = await countedDelta(w, 'ahead-1');
    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.bc).toMatchObject({ created: 5, updated: 5 });
    const lastRead = rounds.findLastIndex((r) => r.includes('graph.byId'));
    const created = rounds.findIndex((r) => r.includes('bc.create'));
    // The folder's read answers the round after its reads by id; then the save, then the creates.
    // Before: the walk down the line (CREATE_TURN_LINE + 2 rounds on this store), the look-up with
    // the save, the creates: 10 rounds after the reads' last (28 rounds in all, now 21).
    expect(created - lastRead).toBe(3);
    expect(rounds.length).toBeLessThanOrEqual(21);
    // The walk and the look-up under the turn went while Graph read.
    const walk = rounds.findIndex((r, n) => n > 0 && r.includes('store.acquireLease') && n < lastRead);
    expect(walk).toBeGreaterThan(0);
    // The creates' pending entries (trust lead 2: a lost answer is found again) go in the save's round.
    expect(
      rounds
        .slice(lastRead + 1, created)
        .flat()
        .sort(),
    ).toEqual(['store.addPendingCreates', 'store.saveRun']);
    // One save announces the creates, their stamps and the updates after them (F114): two before.
    // Their cancel check after BC's creates saves only once IN_TURN_FRESH_MS passed (not here).
    expect(
      rounds
        .slice(lastRead)
        .flat()
        .filter((c) => c === 'store.saveRun'),
    ).toHaveLength(1);
    // The BC id stamps right after the creates; nothing left uncertain, the turn and its line free.
    expect(rounds[created + 1]).toContain('outlook.update');
    expect(result.record.uncertain).toBeUndefined();
    expect(await lineFree(w)).toBe(true);
    const links = await w.store.listLinks(await w.scope());
    const bc = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
    for (const o of await w.outlook()) {
      expect([o.id, bc.get(o.bcId)?.jobTitle]).toEqual([o.id, o.jobTitle]);
      expect([o.id, links.find((l) => l.outlookId === o.id)?.outlookChangeKey]).toEqual([o.id, o.changeKey]);
    }
  });

  test('a new contact the plan does not create (no name: skipped): the turn is let go before the run ends', async () => {
    const { w } = await deltaReady(5);
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1, NO_NAME));
    const { result, rounds } = await countedDelta(w, 'ahead-2');
    expect(result.record.counts.bc.created).toBe(0);
    // Taken while Graph read (the walk's places), let go by the run.
    expect(rounds.flat().filter((c) => c === 'store.acquireLease').length).toBeGreaterThan(CREATE_TURN_LINE);
    expect(await lineFree(w)).toBe(true);
  });

  test('a turn another creator holds is not waited for while reading: the creates wait in line after', async () => {
    const { w } = await deltaReady(5);
    await w.store.acquireLease(createTurnKey(w.bc.companyId), 'colleague', w.clock.now(), 3_600_000);
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1));
    const { result } = await countedDelta(w, 'ahead-3');
    // No pause in this world: the run defers its create (F69) rather than waiting, as before.
    expect(result.record.counts.bc.created).toBe(0);
    expect(result.record.status).toBe('succeeded');
    // The colleague keeps the turn; no place of the line is left held by the run.
    expect((await w.store.acquireLease(createTurnKey(w.bc.companyId), 'probe', w.clock.now(), 1)).ok).toBe(
      false,
    );
    await w.store.releaseLease(createTurnKey(w.bc.companyId), 'colleague');
    expect(await lineFree(w)).toBe(true);
  });

  test('an e-mail the read by id changed is looked up under the turn: a BC contact made since holds it (F61)', async () => {
    const { w } = await deltaReady(5);
    const o = w.mailbox.userCreate((await w.folder()).id, outlookPerson(1));
    // The delta page names outlook1@ (looked up once the turn was held); the read by id returns
    // the address the user has changed it to since.
    const mailbox = new Proxy(w.mailbox, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'folderWithChanges')
          return async (folderId: string, link: string, known?: KnownVersions) => {
            const read = await target.folderWithChanges(folderId, link, known);
            if (read?.changes.kind !== 'changes') return read;
            const changed = read.changes.changed.map((c) =>
              c.id === o.id ? { ...c, emailAddresses: [{ address: CHANGED, name: 'Outlook 1' }] } : c,
            );
            return { ...read, changes: { ...read.changes, changed } };
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // BC gains a contact with that address after the run's reads, before its creates (as another
    // creator's, which this one's look-up under the turn must see).
    let seeded = false;
    const onProgress = (e: { phase: string }) => {
      if (e.phase !== 'planning' || seeded) return;
      seeded = true;
      w.bc.seed(person(99, { email: CHANGED }));
    };
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc: w.bc, mailbox, store: w.store, clock: w.clock, logger: silentLogger },
      { runId: 'ahead-4', userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
      { onProgress },
    );
    expect(seeded).toBe(true);
    expect(record.counts.bc.created).toBe(0);
    expect((await w.bc.listAll()).filter((c) => c.email === CHANGED)).toHaveLength(1);
    expect(await lineFree(w)).toBe(true);
  });
});
