import { describe, expect, test } from '@jest/globals';
import type { OutlookContact } from '../../src/core/model.js';
import { World, person } from '../support/world.js';

// rule match.stampIdentity: an unlinked Outlook contact's BC id (the stamp Outlook's "Copy" keeps)
// names a BC contact only while the contact agrees with it. Every reader of the stamp (adoption of a
// copy, duplicateOfLinked, match by BC id, the out-of-scope and deleted skips) x every kind of stamp
// x delta/full.

type Kind = 'agrees' | 'emailEdited' | 'differentPerson' | 'foreign' | 'outOfScope';
type Reader = 'adoptCopy' | 'duplicateOfLinked' | 'matchByBcId' | 'outOfScopeSkip' | 'deletedSkip';

const SARAH = {
  displayName: 'Sarah Williams',
  givenName: 'Sarah',
  surname: 'Williams',
  jobTitle: 'New colleague',
  emailAddresses: [{ address: 'sarah.williams@fabrikam.com', name: 'Sarah Williams' }],
};

function draftOf(o: OutlookContact) {
  const { id: _id, changeKey: _ck, outlookOnly: _oo, ...values } = o;
  return values;
}

interface Setup {
  readonly w: World;
  /** The BC contact the stamp names (absent for a foreign stamp). */
  readonly stampedId: string;
  /** Outlook values of a contact that agrees with it. */
  readonly agreeing: ReturnType<typeof draftOf>;
  /** The Outlook copy of BC contact `a`, the one adoptCopy deletes. */
  readonly original: string;
}

/** The state each reader reads the stamp in; the stamped contact is made by the caller. */
async function setup(reader: Reader, kind: Kind): Promise<Setup> {
  const w = new World();
  await w.settings({ massDeleteShare: 1 });
  const a = w.bc.seed(person(1));
  const other = w.bc.seed(person(2));
  const hidden = w.bc.seed(person(4, { privacyBlocked: true }));
  await w.sync('full');
  const base = draftOf((await w.outlookByBcId(other.id))!);
  const original = (await w.outlookByBcId(a.id))!.id;
  const values = (c: { id: string; displayName: string; email: string }) => ({
    ...base,
    bcId: c.id,
    displayName: c.displayName,
    emailAddresses: [{ address: c.email, name: c.displayName }],
    jobTitle: 'Edited',
  });
  if (kind === 'foreign')
    return { w, original, stampedId: 'f00d0000-0000-0000-0000-00000000f00d', agreeing: base };
  if (kind === 'outOfScope' || reader === 'outOfScopeSkip')
    return { w, original, stampedId: hidden.id, agreeing: values(hidden) };
  if (reader === 'matchByBcId') {
    const b = w.bc.seed(person(3));
    return { w, original, stampedId: b.id, agreeing: values(b) };
  }
  // Deleted in BC in the run that reads the stamp: its link (and base) still known.
  if (reader === 'deletedSkip') w.bc.remove(a.id);
  const synced = (await w.outlookByBcId(a.id))!;
  return { w, original, stampedId: a.id, agreeing: { ...draftOf(synced), jobTitle: 'Edited' } };
}

const READERS: Reader[] = ['adoptCopy', 'duplicateOfLinked', 'matchByBcId', 'outOfScopeSkip', 'deletedSkip'];
const KINDS: Kind[] = ['agrees', 'emailEdited', 'differentPerson', 'foreign', 'outOfScope'];
const ROWS = READERS.flatMap((reader) =>
  KINDS.flatMap((kind) => (['delta', 'full'] as const).map((mode) => ({ reader, kind, mode }))),
);

describe('match.stampIdentity: a stamp counts as identity only while the contact agrees', () => {
  test.each(ROWS)('$reader x $kind x $mode', async ({ reader, kind, mode }) => {
    const { w, stampedId, agreeing, original } = await setup(reader, kind);
    const folder = await w.folder();
    const before = w.bc.peek(stampedId);
    // The user's own copy with its address edited still agrees by its name.
    const trusted = kind === 'agrees' || kind === 'emailEdited';
    const edited = { emailAddresses: [{ address: 'new.address@fabrikam.com', name: '' }] };
    const made = w.mailbox.userCreate(
      folder.id,
      trusted
        ? { ...agreeing, ...(kind === 'emailEdited' ? edited : {}) }
        : { ...agreeing, ...SARAH, bcId: stampedId },
    );
    if (reader === 'adoptCopy') {
      await w.sync('full');
      w.later();
      w.mailbox.userDelete(original);
    }
    w.later();
    const { plan } = await w.sync(mode);
    const after = w.bc.peek(stampedId);
    const mine = (await w.outlook()).find((o) => o.id === made.id);
    const skips = plan!.skipped
      .filter((s) => s.record.outlookId === made.id)
      .map((s) => s.record.reason.kind);
    if (kind === 'foreign') {
      // Nothing to compare with: kept, skipped as before (importing it could bring back a contact BC deleted).
      expect(skips).toEqual(['bcContactDeleted']);
      expect(mine?.bcId).toBe(stampedId);
      return;
    }
    if (!trusted) {
      // Another person: never the stamped BC contact, imported as its own with its stamp replaced.
      expect(after?.email).toBe(before?.email);
      expect(after?.displayName).toBe(before?.displayName);
      expect(skips).toEqual([]);
      expect(mine?.bcId).not.toBe(stampedId);
      expect(w.bc.peek(mine!.bcId)?.email).toBe('sarah.williams@fabrikam.com');
      return;
    }
    const expected: Record<Reader, () => void> = {
      adoptCopy: () => {
        expect(mine?.bcId).toBe(stampedId);
        expect(after?.jobTitle).toBe('Edited');
      },
      duplicateOfLinked: () => expect(skips).toEqual(['duplicateOfLinked']),
      matchByBcId: () => {
        expect(mine?.bcId).toBe(stampedId);
        expect(skips).toEqual([]);
      },
      outOfScopeSkip: () => expect(skips).toEqual(['bcContactOutOfScope']),
      deletedSkip: () => expect(skips).toEqual(['bcContactDeleted']),
    };
    expected[reader]();
  });
});

test('match.stampIdentity: Sarah copied from Michael is a new BC contact and never overwrites Michael (attack, CT000160)', async () => {
  const w = new World();
  await w.settings({ massDeleteShare: 1 });
  const michael = w.bc.seed(
    person(1, { displayName: 'Michael Williams', email: 'michael.williams@contoso.com', jobTitle: 'Buyer' }),
  );
  await w.sync('full');
  const michaelsCopy = (await w.outlookByBcId(michael.id))!;
  w.later();
  // What Outlook's Copy of Michael's copy keeps: his stamp, under Sarah's values.
  const sarah = w.mailbox.userCreate((await w.folder()).id, { ...draftOf(michaelsCopy), ...SARAH });
  const first = await w.sync('delta');
  expect(first.plan!.skipped).toEqual([]);
  const sarahId = (await w.outlook()).find((o) => o.id === sarah.id)!.bcId;
  expect(sarahId).not.toBe(michael.id);
  expect(w.bc.peek(sarahId)).toMatchObject({
    displayName: 'Sarah Williams',
    email: 'sarah.williams@fabrikam.com',
  });
  w.later();
  w.mailbox.userDelete(michaelsCopy.id);
  await w.sync('delta');
  expect(w.bc.peek(michael.id)).toMatchObject({
    displayName: 'Michael Williams',
    email: 'michael.williams@contoso.com',
    jobTitle: 'Buyer',
  });
  expect(w.bc.peek(sarahId)?.jobTitle).toBe('New colleague');
});
