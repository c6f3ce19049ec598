import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import type { SkipEntry } from '../../src/core/ports.js';
import { World, outlookPerson, person } from '../support/world.js';

// rule duplicates.bc within one plan (helper claims, 2026-12-07): BC's holders as read do not show
// what an earlier decision of the same plan writes, so two Outlook edits moving two synced contacts
// onto one address nobody held were both written: two BC contacts of one e-mail. Every kind of
// claimant pair is tried (an Outlook edit, an Outlook-new contact, a BC edit), in delta and full
// runs, with the second address spelled as the first, in other case and with spaces, and with the
// edits made in either order (a delta's links come in the order they are looked up): BC ends with
// at most one contact of the address, the first claimant (the lower BC id among Outlook edits) holds
// it, and the other is held as a skip naming it.

const NEW = 'sales@northwind.se';
const SPELLED = { asIs: NEW, otherCase: 'Sales@NorthWind.SE', spaced: `  ${NEW} ` } as const;
type Spelling = keyof typeof SPELLED;

async function twoSynced() {
  const w = new World();
  const a = w.bc.seed(person(1, { displayName: 'Harry Taylor', email: 'harry@contoso.com' }));
  const b = w.bc.seed(person(2, { displayName: 'Anna Lind', email: 'anna@contoso.com' }));
  await w.sync('full');
  w.later();
  // By BC id: the planner decides E-Mail moves in that order, whatever order the links come in.
  const [low, high] = a.id < b.id ? [a, b] : [b, a];
  return { w, low, high };
}

type Setup = Awaited<ReturnType<typeof twoSynced>>;

async function editOutlookEmail(w: World, bcId: string, address: string): Promise<string> {
  const copy = (await w.outlookByBcId(bcId))!;
  w.mailbox.userEdit(copy.id, { emailAddresses: [{ address, name: 'x' }], jobTitle: 'Buyer' });
  return copy.id;
}

async function newInOutlook(w: World, n: number, address: string): Promise<string> {
  const folder = await w.folder();
  return w.mailbox.userCreate(folder.id, outlookPerson(n, { emailAddresses: [{ address, name: 'x' }] })).id;
}

/** What each claimant pair expects: who holds NEW in BC afterwards, and the skip of the other. */
interface Expected {
  readonly holder: string | null;
  readonly skip: (s: SkipEntry) => boolean;
}

/** Each claimant pair: its edits (`first` spelled as is, the second as `second`, made in `order`) and what it expects. */
const CASES: Record<string, (s: Setup, second: string, order: 'forward' | 'reverse') => Promise<Expected>> = {
  'update × update': async ({ w, low, high }, second, order) => {
    const [x, y] = order === 'forward' ? [low, high] : [high, low];
    const highCopy = await editOutlookEmail(w, x.id, x === low ? NEW : second);
    await editOutlookEmail(w, y.id, y === low ? NEW : second);
    const copyOfHigh = x === high ? highCopy : (await w.outlookByBcId(high.id))!.id;
    return {
      holder: low.id,
      skip: (s) =>
        s.record.outlookId === copyOfHigh &&
        s.record.reason.kind === 'duplicateEmailInBc' &&
        s.record.reason.bcIds.join() === low.id,
    };
  },
  'update × create': async ({ w, low }, second, order) => {
    const edit = () => editOutlookEmail(w, low.id, NEW);
    const create = () => newInOutlook(w, 7, second);
    let created = '';
    if (order === 'forward') {
      await edit();
      created = await create();
    } else {
      created = await create();
      await edit();
    }
    return {
      holder: low.id,
      skip: (s) => s.record.outlookId === created && s.record.reason.kind === 'duplicateOfLinked',
    };
  },
  'create × create': async ({ w }, second, order) => {
    const ns = order === 'forward' ? [7, 8] : [8, 7];
    const one = await newInOutlook(w, ns[0]!, NEW);
    await newInOutlook(w, ns[1]!, second);
    return {
      holder: null,
      skip: (s) => s.record.outlookId === one && s.record.reason.kind === 'duplicateEmailInOutlook',
    };
  },
  'matched × create': async ({ w }, second, order) => {
    // A BC contact new since the last run meets the Outlook contact carrying its BC id, whose
    // e-mail Outlook's values (the policy) write to BC; an Outlook-new contact has the same address.
    await w.settings({ conflictPolicy: 'outlookWins' });
    const folder = await w.folder();
    const fresh = w.bc.seed(person(5, { displayName: 'Lena Berg', email: 'lena@contoso.com' }));
    const stamped = () =>
      w.mailbox.userCreate(
        folder.id,
        // Its name agrees with the stamp's contact (rule match.stampIdentity), its e-mail moved.
        outlookPerson(5, {
          bcId: fresh.id,
          displayName: 'Lena Berg',
          emailAddresses: [{ address: NEW, name: 'x' }],
        }),
      );
    let created = '';
    if (order === 'forward') {
      stamped();
      created = await newInOutlook(w, 7, second);
    } else {
      created = await newInOutlook(w, 7, second);
      stamped();
    }
    return {
      holder: fresh.id,
      skip: (s) =>
        s.record.outlookId === created &&
        s.record.reason.kind === 'duplicateEmailInBc' &&
        s.record.reason.bcIds.join() === fresh.id,
    };
  },
  'BC edit × Outlook edit': async ({ w, low, high }, second, order) => {
    let copyOfLow = '';
    if (order === 'forward') {
      w.bc.edit(high.id, { email: NEW });
      copyOfLow = await editOutlookEmail(w, low.id, second);
    } else {
      copyOfLow = await editOutlookEmail(w, low.id, second);
      w.bc.edit(high.id, { email: NEW });
    }
    return {
      holder: high.id,
      skip: (s) =>
        s.record.outlookId === copyOfLow &&
        s.record.reason.kind === 'duplicateEmailInBc' &&
        s.record.reason.bcIds.join() === high.id,
    };
  },
  'BC edit × create': async ({ w, high }, second, order) => {
    let created = '';
    if (order === 'forward') {
      w.bc.edit(high.id, { email: NEW });
      created = await newInOutlook(w, 7, second);
    } else {
      created = await newInOutlook(w, 7, second);
      w.bc.edit(high.id, { email: NEW });
    }
    return {
      holder: high.id,
      skip: (s) => s.record.outlookId === created && s.record.reason.kind === 'duplicateOfLinked',
    };
  },
};

const holdersOf = async (w: World) =>
  (await w.bc.findByEmails([NEW])).filter((c) => normalizeEmail(c.email) === NEW).map((c) => c.id);

describe('one plan never gives two BC contacts one e-mail (rule duplicates.bc)', () => {
  const rows = Object.keys(CASES).flatMap((kind) =>
    (['delta', 'full'] as SyncMode[]).flatMap((mode) =>
      (Object.keys(SPELLED) as Spelling[]).flatMap((spelling) =>
        (['forward', 'reverse'] as const).map((order) => [kind, mode, spelling, order] as const),
      ),
    ),
  );

  test.each(rows)('%s, %s run, second spelled %s, edits %s', async (kind, mode, spelling, order) => {
    const setup = await twoSynced();
    const expected = await CASES[kind]!(setup, SPELLED[spelling], order);
    const { record, plan } = await setup.w.sync(mode);
    expect(record.status).toBe('succeeded');
    expect(await holdersOf(setup.w)).toEqual(expected.holder ? [expected.holder] : []);
    expect(plan!.skipped.filter(expected.skip)).toHaveLength(1);
  });

  test('named: Harry Taylor and Anna Lind both typed sales@northwind.se in Outlook; BC gives it to one', async () => {
    const { w, low, high } = await twoSynced();
    const highCopy = await editOutlookEmail(w, high.id, 'Sales@Northwind.se');
    await editOutlookEmail(w, low.id, NEW);
    const { record, plan } = await w.sync('delta');
    expect(record.counts.bc.updated).toBe(1);
    expect(await holdersOf(w)).toEqual([low.id]);
    expect(w.bc.peek(high.id)).toMatchObject({ email: high.email, jobTitle: '' });
    expect(plan!.skipped.find((s) => s.record.outlookId === highCopy)?.record.reason).toEqual({
      kind: 'duplicateEmailInBc',
      email: 'Sales@Northwind.se',
      bcIds: [low.id],
    });
    // Held, not dropped: once the first holder moves on, the next run writes it.
    w.bc.edit(low.id, { email: 'harry.t@contoso.com' });
    w.later();
    await w.sync('full');
    expect(await holdersOf(w)).toEqual([high.id]);
  });

  test('a pair decided again after a stale write: both decided again, in BC id order', async () => {
    // The plan moves `low` onto NEW and writes `high`'s job title; BC answers both writes stale:
    // `low`'s etag moved on, and the user meanwhile typed NEW on `high`'s copy too. Both decided
    // again (executor.ts replan) before either is written, `high` is held naming `low`.
    const { w, low, high } = await twoSynced();
    await editOutlookEmail(w, low.id, NEW);
    const highCopy = (await w.outlookByBcId(high.id))!;
    w.mailbox.userEdit(highCopy.id, { jobTitle: 'Buyer' });
    const update = w.bc.update.bind(w.bc);
    // Each write answered stale once.
    const staleFor = new Set([high.id, low.id]);
    w.bc.update = async (updates) => {
      const ids = updates.map((u) => u.id);
      w.bc.fault = (op, i) => {
        const id = ids[i]!;
        if (op !== 'update' || !staleFor.delete(id)) return null;
        if (id === high.id)
          w.mailbox.userEdit(highCopy.id, { emailAddresses: [{ address: SPELLED.otherCase, name: 'x' }] });
        return { kind: 'stale', message: 'changed meanwhile' };
      };
      return update(updates);
    };
    const { record } = await w.sync('delta');
    expect(staleFor.size).toBe(0);
    expect(record.status).toBe('succeeded');
    expect(await holdersOf(w)).toEqual([low.id]);
    expect(w.bc.peek(high.id)).toMatchObject({ email: high.email });
  });

  test('a pair decided again after a stale write does not take the address a create of the plan makes', async () => {
    const { w, high } = await twoSynced();
    await newInOutlook(w, 7, NEW);
    const highCopy = (await w.outlookByBcId(high.id))!;
    // The plan creates a BC contact of NEW (an Outlook-new contact) and writes `high` (both sides
    // edited: the update writes Outlook too, so it goes beside the creates, not after them). BC
    // answers `high`'s write stale, the user having typed NEW on its copy meanwhile, and the create
    // lands only after the replan read BC's holders of NEW: the plan's create must be seen.
    w.mailbox.userEdit(highCopy.id, { jobTitle: 'Buyer' });
    w.bc.edit(high.id, { city: 'Leeds' });
    let staleSent = false;
    let replanRead: () => void = () => undefined;
    const holdersRead = new Promise<void>((resolve) => (replanRead = resolve));
    const find = w.bc.findByEmails.bind(w.bc);
    w.bc.findByEmails = async (emails) => {
      const found = await find(emails);
      if (staleSent) replanRead();
      return found;
    };
    const create = w.bc.create.bind(w.bc);
    w.bc.create = async (drafts) => {
      await holdersRead;
      return create(drafts);
    };
    const update = w.bc.update.bind(w.bc);
    w.bc.update = async (updates) => {
      const ids = updates.map((u) => u.id);
      w.bc.fault = (op, i) => {
        if (op !== 'update' || ids[i] !== high.id || staleSent) return null;
        staleSent = true;
        w.mailbox.userEdit(highCopy.id, { emailAddresses: [{ address: SPELLED.otherCase, name: 'x' }] });
        return { kind: 'stale', message: 'changed meanwhile' };
      };
      return update(updates);
    };
    const { record } = await w.sync('delta');
    expect(staleSent).toBe(true);
    expect(record.status).toBe('succeeded');
    const made = (await holdersOf(w)).filter((id) => id !== high.id);
    expect(made).toHaveLength(1);
    expect(await holdersOf(w)).toEqual(made);
    expect(w.bc.peek(high.id)).toMatchObject({ email: high.email });
    expect(w.bc.peek(made[0]!)).toMatchObject({ displayName: 'Outlook 7' });
  });
});
