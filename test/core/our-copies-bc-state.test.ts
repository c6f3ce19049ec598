import { describe, expect, test } from '@jest/globals';
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { isOurCopy } from '../../src/core/our-copies.js';
import { pollUntil } from '../support/poll.js';
import { World, person } from '../support/world.js';

// rule duplicates.removeOurCopy over BC's state of the BC id (soak F4, crash-hosts seed 6101): a
// late copy our own create left was judged only when refused as duplicateOfLinked, so when BC
// deleted the contact in the run that removes the linked copy (deletions.removeCopy) it was refused
// bcContactDeleted, never judged, and outlived its link, skipped for good. Whose copy it is does
// not depend on BC: the late copy is removed exactly when isOurCopy holds against the linked
// contact as the run read it, else listed; nothing the user typed is lost. Every row of
// BC state x linked copy x late copy, in a full and a delta run.

type BcState = 'present' | 'deleted' | 'outOfScope';
type LinkedState = 'unchanged' | 'editedInOutlook';
type LateCopy = 'oursUnchanged' | 'oursEdited' | 'usersCopy';

const TYPED_LINKED = 'typed in the linked copy';
const TYPED_COPY = 'typed in the late copy';

function draftOf(o: OutlookContact, overrides: Partial<OutlookContactDraft> = {}): OutlookContactDraft {
  const { id: _id, changeKey: _changeKey, outlookOnly: _outlookOnly, createdBy: _createdBy, ...draft } = o;
  return { ...draft, ...overrides };
}

async function row(
  mode: SyncMode,
  bcState: BcState,
  linkedState: LinkedState,
  late: LateCopy,
  readLate = false,
) {
  const w = new World();
  // Its job title holds a value each edit below replaces; nine more contacts keep one BC deletion
  // under the mass-delete guard's share.
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  for (let n = 2; n <= 10; n++) w.bc.seed(person(n));
  await w.sync('full');
  w.later();
  const folderId = (await w.folder()).id;
  const linkedAtStart = (await w.outlookByBcId(a.id))!;
  // Our late create carries another create mark than the linked copy's; a user's copy in Outlook
  // keeps the linked one's (our-copies.ts markedOurs).
  const mark = late === 'usersCopy' ? linkedAtStart.createdBy! : 'run-0';
  const copy = w.mailbox.userCreate(
    folderId,
    draftOf(linkedAtStart, { createdBy: mark, ...(late === 'oursEdited' ? { jobTitle: TYPED_COPY } : {}) }),
  );
  const linked =
    linkedState === 'editedInOutlook'
      ? w.mailbox.userEdit(linkedAtStart.id, { jobTitle: TYPED_LINKED })
      : linkedAtStart;
  if (bcState === 'deleted') w.bc.remove(a.id);
  if (bcState === 'outOfScope') w.bc.edit(a.id, { privacyBlocked: true });
  const ours = isOurCopy(copy, linked, [linked, copy]);
  if (readLate) {
    // The executor's read before the copy's delete comes after the linked copy's delete landed
    // (another chunk, or a slower answer): the copy is judged as the plan read the linked one.
    const box = w.mailbox;
    const find = box.findByBcIds.bind(box);
    const linkedHeld = async () => (await w.outlook()).some((o) => o.id === linkedAtStart.id);
    box.findByBcIds = async (id, bcIds) => {
      // Until the linked copy's delete landed (bounded: a read of the run's own reads phase, before
      // any delete, goes on after the bound, as it would have without this wait).
      await pollUntil('the linked copy deleted', async () => ((await linkedHeld()) ? undefined : true), {
        everyMs: 1,
        boundMs: 2_000,
      }).catch(() => undefined);
      return find(id, bcIds);
    };
  }
  const run = await w.sync(mode);
  const left = await w.outlook();
  const skipped = await w.store.listSkipped(await w.scope());
  const everyValue = JSON.stringify([left, await w.bc.listAll()]);
  return {
    ours,
    status: run.record.status,
    copyLeft: left.some((o) => o.id === copy.id),
    copyListed: skipped.some((e) => e.record.outlookId === copy.id),
    typedKept: [
      ...(linkedState === 'editedInOutlook' ? [TYPED_LINKED] : []),
      ...(late === 'oursEdited' ? [TYPED_COPY] : []),
    ].every((t) => everyValue.includes(t)),
  };
}

const BC: BcState[] = ['present', 'deleted', 'outOfScope'];
const LINKED: LinkedState[] = ['unchanged', 'editedInOutlook'];
const LATE: LateCopy[] = ['oursUnchanged', 'oursEdited', 'usersCopy'];
const MODES: SyncMode[] = ['full', 'delta'];
const ROWS = MODES.flatMap((m) =>
  BC.flatMap((b) => LINKED.flatMap((l) => LATE.map((c) => [m, b, l, c] as const))),
);

describe('[duplicates.removeOurCopy] a late copy, whatever BC holds of its BC id', () => {
  test.each(ROWS)('%s: BC %s, linked copy %s, late copy %s', async (mode, bcState, linkedState, late) => {
    const out = await row(mode, bcState, linkedState, late);
    // The one copy that is surely ours and holds nothing the linked one does not.
    expect(out.ours).toBe(linkedState === 'unchanged' && late === 'oursUnchanged');
    expect(out).toEqual({
      ours: out.ours,
      status: 'succeeded',
      copyLeft: !out.ours,
      copyListed: !out.ours,
      typedKept: true,
    });
  });

  test.each(MODES)(
    '%s: BC deleted, the linked copy gone before the executor reads the late one: deleted too',
    async (mode) => {
      expect(await row(mode, 'deleted', 'unchanged', 'oursUnchanged', true)).toMatchObject({
        ours: true,
        status: 'succeeded',
        copyLeft: false,
        copyListed: false,
      });
    },
  );

  test('the example (F4): BC deleted the contact, the late copy goes with the linked one', async () => {
    expect(await row('delta', 'deleted', 'unchanged', 'oursUnchanged')).toEqual({
      ours: true,
      status: 'succeeded',
      copyLeft: false,
      copyListed: false,
      typedKept: true,
    });
  });
});
