import { describe, expect, test } from '@jest/globals';
import { bcLookAhead } from '../../src/core/bc-look-ahead.js';
import type { BcLookUps } from '../../src/core/bc-look-ahead.js';
import { makeLink } from '../../src/core/link.js';
import { PortFailure } from '../../src/core/ports.js';
import type { KnownVersions } from '../../src/core/ports.js';
import { RunLinks } from '../../src/core/run-links.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { measuredRun } from '../support/round-trips.js';
import { deltaReady, editedAndNewInOutlook, person } from '../support/world.js';

// Issue 12 §2 (delta-outlook-1pct): BC's side of the Outlook contacts a delta reports is asked for
// while Graph reads those contacts by id, not a round trip after.

const scope = { userId: 'ann', folderId: 'f' };

/** BC with Ann (linked to Outlook o-ann) and Bob (no link); every read counted. */
async function world() {
  const bc = new MemoryBcContacts(new ManualClock());
  const ann = bc.seed(person(1));
  const bob = bc.seed(person(2, { email: 'bob@contoso.com' }));
  const store = new MemorySyncStateStore();
  const link = makeLink(
    { bcId: ann.id, outlookId: 'o-ann' },
    bcToSyncFields(ann),
    { bcEtag: ann.etag, outlookChangeKey: 'ck-old' },
    undefined,
  );
  await store.upsertLinks(scope, [link]);
  const asked: string[] = [];
  let failing = false;
  const counted: BcLookUps = {
    getMany: async (ids) => {
      asked.push(`getMany ${ids.join(',')}`);
      if (failing) throw new PortFailure('unavailable', 'down', { status: 503 });
      return bc.getMany(ids);
    },
    findByEmails: async (emails) => {
      asked.push(`findByEmails ${emails.join(',')}`);
      if (failing) throw new PortFailure('unavailable', 'down', { status: 503 });
      return bc.findByEmails(emails);
    },
  };
  const links = RunLinks.partial(store, scope);
  const ahead = bcLookAhead(counted, links);
  const own: KnownVersions = async (reported) => {
    await links.lookUp(
      [],
      reported.map((r) => r.id),
    );
    return new Set(reported.filter((r) => r.changeKey === 'echo').map((r) => r.id));
  };
  return { ann, bob, asked, ahead, known: ahead.known(own), fail: (on: boolean) => (failing = on) };
}

describe('BC look-ahead of a delta (bc-look-ahead.ts)', () => {
  test("the delta page's reported contacts: a linked one's BC side by id, an unlinked one's first e-mail; echoes nothing", async () => {
    const { ann, bob, asked, ahead, known } = await world();
    const held = await known([
      { id: 'o-ann', changeKey: 'ck-new', firstEmail: 'x@y.z' },
      { id: 'o-new', changeKey: 'ck', firstEmail: 'Bob@Contoso.com' },
      { id: 'o-echo', changeKey: 'echo', firstEmail: 'echo@contoso.com' },
    ]);
    expect([...held]).toEqual(['o-echo']);
    expect(asked).toEqual([`getMany ${ann.id}`, 'findByEmails bob@contoso.com']);
    // The reads the run makes next are answered from what was asked: no request more.
    expect((await ahead.reads.getMany([ann.id])).map((c) => c.id)).toEqual([ann.id]);
    expect((await ahead.reads.findByEmails(['bob@contoso.com'])).map((c) => c.id)).toEqual([bob.id]);
    expect(asked).toHaveLength(2);
  });

  test('what was not asked ahead is read then, and only that', async () => {
    const { ann, bob, asked, ahead, known } = await world();
    await known([{ id: 'o-ann', changeKey: 'ck-new' }]);
    const got = await ahead.reads.getMany([ann.id, bob.id]);
    expect(got.map((c) => c.id)).toEqual([ann.id, bob.id]);
    // An e-mail the page did not carry (changed since, or not sent) is looked up as before.
    expect((await ahead.reads.findByEmails(['bob@contoso.com'])).map((c) => c.id)).toEqual([bob.id]);
    expect(asked).toEqual([`getMany ${ann.id}`, `getMany ${bob.id}`, 'findByEmails bob@contoso.com']);
  });

  test('a look-ahead that failed fails the read that needs it, with its own error', async () => {
    const { ann, bob, asked, ahead, known, fail } = await world();
    fail(true);
    await known([
      { id: 'o-ann', changeKey: 'ck-new' },
      { id: 'o-new', changeKey: 'ck', firstEmail: 'bob@contoso.com' },
    ]);
    fail(false);
    await expect(ahead.reads.getMany([ann.id])).rejects.toThrow('down');
    await expect(ahead.reads.findByEmails(['bob@contoso.com'])).rejects.toThrow('down');
    // Contacts it was not asked for are read as usual.
    expect((await ahead.reads.getMany([bob.id])).map((c) => c.id)).toEqual([bob.id]);
    expect(asked).toEqual([`getMany ${ann.id}`, 'findByEmails bob@contoso.com', `getMany ${bob.id}`]);
  });

  test('an answer asked for other e-mails too is cut to the e-mails asked', async () => {
    const { bob, ahead, known } = await world();
    await known([
      { id: 'o-1', changeKey: 'a', firstEmail: 'bob@contoso.com' },
      { id: 'o-2', changeKey: 'b', firstEmail: 'person1@contoso.com' },
    ]);
    expect((await ahead.reads.findByEmails(['bob@contoso.com'])).map((c) => c.id)).toEqual([bob.id]);
  });

  test('in a run: 5 edited and 5 new in Outlook, BC is read for them as the delta answers, beside the create turn', async () => {
    const { w } = await deltaReady(30);
    await editedAndNewInOutlook(w);
    const { result, rounds } = await measuredRun(w, 'delta', 'look-ahead-1');
    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.bc).toMatchObject({ created: 5, updated: 5 });
    const read = rounds.findIndex((r) => r.includes('outlook.folderWithChanges'));
    // The memory mailbox reads by id inside folderWithChanges: BC's reads go as it answers, and
    // the create turn is asked for with them (turn-ahead.ts); the new contacts' e-mails are looked
    // up once it is held, once (the look-up under the turn).
    expect(rounds[read + 1]).toEqual(expect.arrayContaining(['bc.getMany', 'store.acquireLease']));
    expect(rounds.flat().filter((c) => c === 'bc.getMany')).toHaveLength(1);
    expect(rounds.flat().filter((c) => c === 'bc.findByEmails')).toHaveLength(1);
  });
});
