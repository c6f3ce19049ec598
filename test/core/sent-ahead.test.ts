import { describe, expect, test } from '@jest/globals';
import type { World } from '../support/world.js';
import { deletablePerson } from '../support/world.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';

// Soak F3 (crash-hosts model, scope seed 202 path 9): values an update sent before its link was
// stored (its answer lost, or the run's process dying or stalling before the links' save) read at
// the next run as a user's edit of the side written. Every update writes through one of two calls,
// Outlook's and BC's (sent-ahead.ts records both); after each lands with its answer lost, the other
// side changes the contact. Each place: what follows must be what follows a run whose links were
// stored — no conflict, nothing kept or overwritten that the user did not make.

interface Place {
  readonly name: string;
  /** The change the update carries across (made before the run whose answer is lost). */
  readonly change: (w: World, a: BcContact, o: OutlookContact) => void;
  /** The side the update writes: its answers are lost. */
  readonly lost: 'bc' | 'outlook';
  /** Then, on the side the change came from. */
  readonly then: (w: World, a: BcContact, o: OutlookContact) => void;
  /** BC's contact and the copy at the end (undefined: gone). */
  readonly want: { readonly bc: string | undefined; readonly outlook: string | undefined };
}

const PLACES: readonly Place[] = [
  {
    name: 'BC’s title written to Outlook, then BC deletes the contact: the copy goes',
    change: (w, a) => w.bc.edit(a.id, { jobTitle: 'Buyer' }),
    lost: 'outlook',
    then: (w, a) => w.bc.remove(a.id),
    want: { bc: undefined, outlook: undefined },
  },
  {
    name: 'BC’s title written to Outlook, then the contact leaves scope (a company contact): the copy goes',
    change: (w, a) => w.bc.edit(a.id, { jobTitle: 'Buyer' }),
    lost: 'outlook',
    then: (w, a) => w.bc.edit(a.id, { type: 'Company' }),
    want: { bc: 'Buyer', outlook: undefined },
  },
  {
    name: 'BC’s title written to Outlook, then BC edits it again: BC’s new title reaches Outlook',
    change: (w, a) => w.bc.edit(a.id, { jobTitle: 'Buyer' }),
    lost: 'outlook',
    then: (w, a) => w.bc.edit(a.id, { jobTitle: 'Head buyer' }),
    want: { bc: 'Head buyer', outlook: 'Head buyer' },
  },
  {
    name: 'Outlook’s title written to BC, then the user edits it again: the new title reaches BC',
    change: (w, _a, o) => w.mailbox.userEdit(o.id, { jobTitle: 'Buyer' }),
    lost: 'bc',
    then: (w, _a, o) => w.mailbox.userEdit(o.id, { jobTitle: 'Head buyer' }),
    want: { bc: 'Head buyer', outlook: 'Head buyer' },
  },
];

async function afterLostAnswer(place: Place, lands: boolean) {
  const { w, a, o } = await deletablePerson({ jobTitle: 'Clerk' });
  place.change(w, a, o);
  w.later();
  const fault = () => (lands ? 'lostResponse' : ({ kind: 'unknownOutcome', message: 'timed out' } as const));
  if (place.lost === 'outlook') w.mailbox.fault = (op) => (op === 'update' ? fault() : null);
  else w.bc.fault = (op) => (op === 'update' ? fault() : null);
  await w.sync('full');
  w.mailbox.fault = null;
  w.bc.fault = null;
  place.then(w, a, o);
  w.later();
  await w.sync('delta');
  w.later();
  const last = await w.sync('full');
  return {
    bc: w.bc.peek(a.id)?.jobTitle,
    outlook: w.mailbox.peek(o.id)?.jobTitle ?? undefined,
    conflicts: (await w.store.listConflicts(await w.scope())).map((c) => c.record.kind),
    lastWrites: last.record.counts.outlook.updated + last.record.counts.bc.updated,
  };
}

describe('an update whose values landed before its link was stored (soak F3)', () => {
  test.each(PLACES.map((p) => [p.name, p] as const))('%s', async (_name, place) => {
    expect(await afterLostAnswer(place, true)).toEqual({ ...place.want, conflicts: [], lastWrites: 0 });
  });

  test('soak F3: our own Outlook write, its answer lost, then BC deletes the contact — no deletedInBc conflict', async () => {
    const place = PLACES[0]!;
    expect(await afterLostAnswer(place, true)).toEqual({
      bc: undefined,
      outlook: undefined,
      conflicts: [],
      lastWrites: 0,
    });
  });

  // The entry is no proof that the values landed: a call that never reached the side leaves the old
  // base, so the side's value is not taken for one written (the change is sent again).
  test.each(PLACES.map((p) => [p.name, p] as const))('not landed: %s', async (_name, place) => {
    expect(await afterLostAnswer(place, false)).toEqual({ ...place.want, conflicts: [], lastWrites: 0 });
  });
});
