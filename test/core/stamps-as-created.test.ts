import { describe, expect, test } from '@jest/globals';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { PortFailure, silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { pollUntil } from '../support/poll.js';
import type { World } from '../support/world.js';
import { deltaReady, outlookPerson } from '../support/world.js';

// Issue 12 (delta-outlook-1pct at 10,000): Graph's 50 BC id stamps waited 155 ms for the last of
// BC's 50 creates. A create call that answers in parts (HttpBcContacts: one part per $batch
// envelope, the first small) has each part's stamps written as soon as that part answered, while
// BC makes the rest; nothing is created twice, and a call that fails half-way keeps what it made.

const NEW = 9;
const FIRST = 4;

/**
 * `w`'s BC, whose create answers the first FIRST drafts at once (told through `answered`), then
 * waits for the mailbox to be asked to stamp one of them before it makes the rest — or, `failRest`,
 * fails the call there. `events` says in which order the stamps went and the rest was made.
 */
function partAnswering(w: World, failRest = false) {
  const events: string[] = [];
  const stamped = new Set<string>();
  const firstOutlookIds = new Set<string>();
  const mailbox = new Proxy(w.mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'update' || typeof value !== 'function') return value;
      const update: Mailbox['update'] = async (folderId, updates) => {
        for (const u of updates) if (u.patch.bcId !== undefined) stamped.add(u.id);
        if (updates.some((u) => firstOutlookIds.has(u.id))) events.push('first stamps sent');
        return (value as Mailbox['update']).call(target, folderId, updates);
      };
      return update;
    },
  });
  const bc: BcContacts = Object.assign(Object.create(w.bc) as BcContacts, {
    create: async (
      drafts: Parameters<BcContacts['create']>[0],
      answered?: Parameters<BcContacts['create']>[1],
    ) => {
      const first = await w.bc.create(drafts.slice(0, FIRST));
      const outlookIds = await Promise.all(
        drafts
          .slice(0, FIRST)
          .map(async (d) => (await w.outlook()).find((o) => o.emailAddresses[0]?.address === d.email)!.id),
      );
      for (const id of outlookIds) firstOutlookIds.add(id);
      answered?.(
        first.map((_, i) => i),
        first,
      );
      // A hang guard only: the stamps go out at once when they do (a yield or two).
      await pollUntil(
        'a stamp of the first part',
        () => (outlookIds.some((id) => stamped.has(id)) ? true : undefined),
        {
          everyMs: 1,
          boundMs: 20_000,
        },
      );
      if (failRest) throw new PortFailure('unavailable', 'BC went away');
      events.push('rest created');
      const rest = await w.bc.create(drafts.slice(FIRST));
      answered?.(
        rest.map((_, i) => FIRST + i),
        rest,
      );
      return [...first, ...rest];
    },
  });
  return { bc, mailbox, events };
}

async function withNewInOutlook() {
  const { w } = await deltaReady(20);
  const folder = await w.folder();
  for (let i = 1; i <= NEW; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
  return w;
}

async function deltaWith(w: World, ports: { bc: BcContacts; mailbox: Mailbox }, runId: string) {
  w.clock.advance(60_000);
  const outcome = await runSync(
    { ...ports, store: w.store, clock: w.clock, logger: silentLogger },
    { runId, userId: 'ann@contoso.com', mode: 'delta', dryRun: false, trigger: 'pane' },
  );
  w.clock.advance(60_000);
  return outcome.record;
}

/** Each new Outlook contact made once in BC, stamped with its id and linked to it. */
async function expectImportedOnce(w: World) {
  const bcByEmail = new Map<string, string[]>();
  for (const c of await w.bc.listAll()) bcByEmail.set(c.email, [...(bcByEmail.get(c.email) ?? []), c.id]);
  const news = (await w.outlook()).filter((o) => o.displayName.startsWith('Outlook '));
  expect(news).toHaveLength(NEW);
  const links = await w.store.findLinks(await w.scope(), { bcIds: [], outlookIds: news.map((o) => o.id) });
  for (const o of news) {
    const ids = bcByEmail.get(o.emailAddresses[0]!.address) ?? [];
    expect([o.displayName, ids]).toEqual([o.displayName, [o.bcId]]);
    expect(links.find((l) => l.outlookId === o.id)?.bcId).toBe(o.bcId);
  }
}

describe('BC id stamps go out as their creates answer (issue 12, delta-outlook-1pct)', () => {
  test("the first part's stamps go out before BC makes the rest; each contact created once, stamped, linked", async () => {
    const w = await withNewInOutlook();
    const { bc, mailbox, events } = partAnswering(w);

    const record = await deltaWith(w, { bc, mailbox }, 'parts-1');

    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.created).toBe(NEW);
    // The stamps are part of their creates (no Outlook update counted), and none is left uncertain.
    expect(record.counts.outlook.updated).toBe(0);
    expect(record.uncertain).toBeUndefined();
    expect(events.slice(0, 2)).toEqual(['first stamps sent', 'rest created']);
    await expectImportedOnce(w);
    // The next delta finds its own writes: nothing to create or update.
    const next = await w.sync('delta');
    expect([next.record.status, next.record.counts]).toEqual([
      'succeeded',
      expect.objectContaining({ bc: expect.objectContaining({ created: 0, updated: 0 }) }),
    ]);
  });

  test('a create call that fails after its first part answered keeps those links; the next sync creates only the rest', async () => {
    const w = await withNewInOutlook();
    const { bc, mailbox } = partAnswering(w, true);

    // The port's failure ends the run (its record says failed, as for any BC that went away).
    await expect(deltaWith(w, { bc, mailbox }, 'parts-2')).rejects.toThrow('BC went away');
    expect((await w.store.listRuns('ann@contoso.com', 1))[0]?.status).toBe('failed');
    const firstMade = await w.bc.listAll();
    const made = firstMade.filter((c) => c.email.startsWith('outlook'));
    expect(made).toHaveLength(FIRST);
    const links = await w.store.findLinks(await w.scope(), { bcIds: made.map((c) => c.id), outlookIds: [] });
    expect(links.map((l) => l.bcId).sort()).toEqual(made.map((c) => c.id).sort());

    const again = await w.syncPastKeep('delta'); // the unanswered part keeps the folder (a841f5d5)

    expect(again.record.status).toBe('succeeded');
    expect(again.record.counts.bc.created).toBe(NEW - FIRST);
    await expectImportedOnce(w);
  });
});
