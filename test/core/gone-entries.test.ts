import { describe, expect, test } from '@jest/globals';
import type { SyncMode } from '../../src/core/records.js';
import { NO_NAME, World, outlookPerson, person } from '../support/world.js';

// Issue 14 (pane brief): a delta sync kept the skipped-list entry of an Outlook contact the user had
// deleted in Outlook. The kind: an entry of the sync state (a skip, a conflict, a link) about a
// contact that is gone, on either side, outlives the run that saw it go. Each row builds an entry,
// deletes a contact on one side, then runs a delta or a full sync: the lists after the run are what
// a full sync of that state finds (numbers that are true), and no entry names the gone contact.

type Entry = 'skipped' | 'conflict';
type Side = 'outlook' | 'bc';

/** Per side, the contact a row deleting on that side removes. */
type Ids = Partial<Record<Side, string>>;
type Policy = 'bcWins' | 'manual';

interface Row {
  readonly name: string;
  readonly entry: Entry;
  /** The sides a row deletes on, one test each. */
  readonly deletedIn: readonly Side[];
  /** The conflict policy of the row's world (bcWins when not said). */
  readonly policy?: Policy;
  /** Builds on the row's `world`; the table then syncs in full so the entry is recorded. */
  readonly make: (w: World) => Promise<Ids>;
}

/** A world where BC may let a contact go without a hold: person 2 stays, mass deletes allowed. */
async function world(policy: Policy = 'bcWins'): Promise<World> {
  const w = new World();
  await w.settings({ massDeleteShare: 1, conflictPolicy: policy });
  w.bc.seed(person(2));
  return w;
}

/** Person 1 synced; returns its ids by side. */
async function synced(w: World): Promise<Record<Side, string>> {
  const a = w.bc.seed(person(1));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  return { bc: a.id, outlook: o.id };
}

async function newOutlook(w: World, n: number, patch: Parameters<typeof outlookPerson>[1]): Promise<string> {
  await w.sync('full');
  return w.mailbox.userCreate((await w.folder()).id, outlookPerson(n, patch)).id;
}

/** Person 1 synced, then changed by `change`. */
function afterSync(change: (w: World, ids: Record<Side, string>) => void): Row['make'] {
  return async (w) => {
    const ids = await synced(w);
    change(w, ids);
    return ids;
  };
}

/** Person 1 synced, then edited on both sides (a conflict the policy settles or keeps). */
const conflicted = afterSync((w, ids) => {
  w.bc.edit(ids.bc, { jobTitle: 'BC title' });
  w.mailbox.userEdit(ids.outlook, { jobTitle: 'OL title' });
});

const ROWS: readonly Row[] = [
  {
    name: 'a new Outlook contact skipped for no name',
    entry: 'skipped',
    deletedIn: ['outlook'],
    make: async (w) => ({ outlook: await newOutlook(w, 5, NO_NAME) }),
  },
  {
    name: 'a new Outlook contact skipped for a job title too long for BC',
    entry: 'skipped',
    deletedIn: ['outlook'],
    make: async (w) => ({ outlook: await newOutlook(w, 5, { jobTitle: 'x'.repeat(31) }) }),
  },
  {
    name: 'a synced contact whose Outlook edit BC refused',
    entry: 'skipped',
    deletedIn: ['outlook', 'bc'],
    make: afterSync((w, ids) => w.mailbox.userEdit(ids.outlook, { jobTitle: 'x'.repeat(31) })),
  },
  {
    name: 'a synced contact whose BC text cannot be stored',
    entry: 'skipped',
    deletedIn: ['outlook', 'bc'],
    make: afterSync((w, ids) => w.bc.edit(ids.bc, { jobTitle: 'Bad \ud800' })),
  },
  {
    name: 'a BC contact whose text cannot be stored, never synced',
    entry: 'skipped',
    deletedIn: ['bc'],
    make: async (w) => ({ bc: w.bc.seed(person(1, { jobTitle: 'Bad \ud800' })).id }),
  },
  {
    name: 'an Outlook contact carrying the id of a BC contact out of scope',
    entry: 'skipped',
    deletedIn: ['bc'],
    make: async (w) => {
      const a = w.bc.seed(person(1, { type: 'Company' }));
      await newOutlook(w, 5, { bcId: a.id });
      return { bc: a.id };
    },
  },
  {
    name: 'a new Outlook contact whose e-mail two BC contacts hold',
    entry: 'skipped',
    deletedIn: ['bc'],
    make: async (w) => {
      const email = 'twice@contoso.com';
      const a = w.bc.seed(person(1, { email }));
      w.bc.seed(person(3, { email }));
      await newOutlook(w, 5, { emailAddresses: [{ address: email, name: 'Twice' }] });
      return { bc: a.id };
    },
  },
  {
    name: 'two new Outlook contacts of one e-mail',
    entry: 'skipped',
    deletedIn: ['outlook'],
    make: async (w) => {
      const twice = { emailAddresses: [{ address: 'twice@fabrikam.com', name: 'Twice' }] };
      const id = await newOutlook(w, 5, twice);
      w.mailbox.userCreate((await w.folder()).id, outlookPerson(6, twice));
      return { outlook: id };
    },
  },
  {
    name: 'a conflict of a synced contact (manual policy)',
    entry: 'conflict',
    deletedIn: ['outlook', 'bc'],
    policy: 'manual',
    make: conflicted,
  },
  {
    name: 'a conflict the policy settled (bcWins)',
    entry: 'conflict',
    deletedIn: ['outlook', 'bc'],
    policy: 'bcWins',
    make: conflicted,
  },
];

function remove(w: World, side: Side, id: string): void {
  if (side === 'bc') w.bc.remove(id);
  else w.mailbox.userDelete(id);
}

/** The state's lists in words a test compares: keys with reason kinds, conflicts, links. */
async function lists(w: World) {
  const scope = await w.scope();
  const [skipped, conflicts, links] = await Promise.all([
    w.store.listSkipped(scope),
    w.store.listConflicts(scope),
    w.store.listLinks(scope),
  ]);
  return {
    skipped: skipped
      .map((s) => `${s.key} ${[s.record.reason, ...(s.record.more ?? [])].map((r) => r.kind).join('+')}`)
      .sort(),
    conflicts: conflicts.map((c) => `${c.bcId} ${c.outlookId} ${c.record.kind}`).sort(),
    links: links.map((l) => `${l.bcId} ${l.outlookId}`).sort(),
  };
}

/**
 * The entries that would name the gone contact as theirs: skips (by key) and conflicts, except the
 * conflict a BC deletion makes of an Outlook copy with changes BC lacks (rule
 * deletions.keepOutlookChanges: the user decides). A link may keep naming an Outlook copy that is
 * gone while its re-creation waits on a skip of the BC contact (rule deletions.recreate).
 */
function named(l: Awaited<ReturnType<typeof lists>>): string {
  return JSON.stringify([...l.skipped, ...l.conflicts.filter((c) => !c.endsWith(' deletedInBc'))]);
}

const MODES: readonly SyncMode[] = ['delta', 'full'];

describe('entries about a contact that is gone do not outlive the run that sees it go', () => {
  const table = ROWS.flatMap((row) =>
    row.deletedIn.flatMap((side) => MODES.map((mode) => ({ row, side, mode }))),
  );
  test.each(table.map((c) => [c.mode, c.row.entry, c.side, c.row.name, c] as const))(
    '%s sync, %s entry, deleted in %s: %s',
    async (_m, _e, _s, _n, { row, side, mode }) => {
      const w = await world(row.policy);
      const ids = await row.make(w);
      await w.sync('full');
      const goneId = ids[side]!;
      const before = await lists(w);
      expect(row.entry === 'skipped' ? before.skipped : before.conflicts).not.toEqual([]);
      remove(w, side, goneId);
      w.later();
      expect((await w.sync(mode)).record.status).toBe('succeeded');
      const after = await lists(w);
      // Nothing listed names the gone contact.
      expect(named(after)).not.toContain(goneId);
      // A full sync of the same state finds the same lists (the next one changes nothing).
      w.later();
      expect((await w.sync('full')).record.status).toBe('succeeded');
      expect(await lists(w)).toEqual(after);
    },
  );

  test('example: a delta drops the skip of a new Outlook contact the user deleted in Outlook', async () => {
    const w = await world();
    await w.sync('full');
    const folder = await w.folder();
    const o = w.mailbox.userCreate(folder.id, outlookPerson(5, NO_NAME));
    await w.sync('delta');
    expect((await lists(w)).skipped).toEqual([`outlook:${o.id} missingName`]);
    w.mailbox.userDelete(o.id);
    w.later();
    await w.sync('delta');
    expect((await lists(w)).skipped).toEqual([]);
  });
});
