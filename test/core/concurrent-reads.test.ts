import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import { World, outlookPerson, person } from '../support/world.js';

// Issue 12 §2: a full sync with nothing changed at 50,000 contacts read 50 BC pages, then 50 Graph
// pages, then every link, one after the other, each waiting on a service of its own. A run that
// reads sides in full starts the three reads at once; a failure is still the one a run reading
// them in turn would meet first (BC's, then Outlook's, then the store's).

type Read = 'bc' | 'outlook' | 'links';

/**
 * Wraps each side's whole read so it records when it starts and when it ends; each read ends one
 * turn of the event loop after it starts (memory ports answer at once). `fail`: reads that fail.
 */
function recordReads(w: World, fail: readonly Read[] = []): string[] {
  const events: string[] = [];
  const wrap = (read: Read, port: object, method: string): void => {
    const target = port as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method]!;
    target[method] = async (...args: unknown[]) => {
      events.push(`start ${read}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${read}`);
      if (fail.includes(read)) throw new PortFailure('unavailable', `${read} down`, { status: 503 });
      return original.apply(port, args);
    };
  };
  wrap('bc', w.bc, 'readChanges');
  wrap('outlook', w.mailbox, 'readChanges');
  wrap('links', w.store, 'listLinks');
  return events;
}

/** A synced folder: 3 linked pairs, one of them edited on each side since. */
async function synced(): Promise<World> {
  const w = new World();
  for (let i = 1; i <= 3; i++) w.bc.seed(person(i));
  w.mailbox.userCreate((await w.mailbox.ensureFolder('Business Central')).id, outlookPerson(7));
  await w.sync('full');
  return w;
}

/** The reads started from BC's read on (a delta run reads the folder's changes before) until one ends. */
const startsBeforeEnds = (events: readonly string[]) => {
  const from = events.slice(events.indexOf('start bc'));
  const firstEnd = from.findIndex((e) => e.startsWith('end'));
  return from.slice(0, firstEnd).sort();
};

describe('a run reading sides in full reads BC, Outlook and the links at once (issue 12 §2)', () => {
  test.each([
    ['full sync', 'full' as const, null],
    ['delta sync after the filter changed', 'delta' as const, { city: '<>Nowhere' }],
  ])('%s: all three reads start before any ends, and the run is the same', async (_, mode, filter) => {
    const w = await synced();
    if (filter) await w.settings({ filter });
    const events = recordReads(w);
    const outcome = await w.sync(mode);
    expect(outcome.record.status).toBe('succeeded');
    expect(startsBeforeEnds(events)).toEqual(['start bc', 'start links', 'start outlook']);
    // Nothing changed since the sync before: nothing written, and both sides still agree.
    expect(outcome.record.counts).toMatchObject({
      bc: { created: 0, updated: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    expect((await w.outlook()).length).toBe(4);
  });

  test('the example: a full sync with nothing changed read BC, then Outlook, then the links', async () => {
    const w = await synced();
    const events = recordReads(w);
    await w.sync('full');
    // Before: ['start bc', 'end bc', 'start outlook', 'end outlook', 'start links', 'end links'].
    expect(events.indexOf('start outlook')).toBeLessThan(events.indexOf('end bc'));
    expect(events.indexOf('start links')).toBeLessThan(events.indexOf('end bc'));
  });

  test('a delta run with the same filter reads only changes: the links it needs are looked up, not listed', async () => {
    const w = await synced();
    const events = recordReads(w);
    await w.sync('delta');
    expect(events).not.toContain('start links');
  });

  test.each([
    [['bc', 'outlook', 'links'], 'bc'],
    [['outlook', 'links'], 'outlook'],
    [['bc', 'links'], 'bc'],
    [['links'], 'links'],
    [['outlook'], 'outlook'],
  ] as [Read[], Read][])('reads %j fail: the run fails with %s’s failure', async (failing, first) => {
    const w = await synced();
    recordReads(w, failing);
    const failed = await w.sync('full').then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(PortFailure);
    expect((failed as PortFailure).message).toContain(`${first} down`);
  });
});
