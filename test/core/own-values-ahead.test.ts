import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import type { BcContactSeed } from '../../src/fakes/memory-bc-contacts.js';
import { syncedPerson } from '../support/world.js';

// Owned values (docs/sync-rules.md "Owned values") after a lost answer. Outlook-only values the
// user typed since the last sync are known as Outlook's own only to the run that read them: when
// that run's Outlook update rewrites BC's entry of the same list (a cleared or changed BC value)
// and lands while its answer is lost (or its process dies or stalls before the run's end stores
// the link), the next run read the list against the old base. BC's entry was gone, so the user's
// own entry went to BC's field ("the user edited the owned value"): a conflict nobody made, and
// the policy deleted the own value from Outlook (bcWins) or wrote it into BC (outlookWins).
// Crash-hosts model, combinations seed 8002 case 7 (path "6"): a pane run stalled after its
// update removed BC's cleared phone; the scheduler's run then removed the second business phone.

interface Place {
  readonly name: string;
  readonly seed: BcContactSeed;
  /** What the user types into the copy after the last sync (besides BC's values). */
  readonly typed: (o: OutlookContact) => Partial<OutlookContactDraft>;
  /** BC's change between the same two syncs. */
  readonly bc: BcContactSeed;
  /** The copy's list afterwards: BC's new value in BC's entry, the own value where the user put it. */
  readonly list: (o: OutlookContact) => readonly string[];
  readonly want: readonly string[];
}

const phones = (o: OutlookContact) => o.businessPhones;
const emails = (o: OutlookContact) => o.emailAddresses.map((e) => e.address);
const PHONE = '+43 1 234 5678';
const OWN_PHONE = '+43 1 999 0000';
const OWN_EMAIL = { address: 'ann.private@example.org', name: 'Ann (home)' };
const ANN = { email: 'ann@contoso.com', email2: 'ann.lee@contoso.com' };

/** Every owned list, with BC's entry cleared or replaced, the own entry after or before it. */
const PLACES: readonly Place[] = [
  {
    name: 'BC clears Phone No.; a second business phone typed after it',
    seed: { phoneNumber: PHONE },
    typed: () => ({ businessPhones: [PHONE, OWN_PHONE] }),
    bc: { phoneNumber: '' },
    list: phones,
    want: [OWN_PHONE],
  },
  {
    name: 'BC changes Phone No.; a business phone typed before it',
    seed: { phoneNumber: PHONE },
    typed: () => ({ businessPhones: [OWN_PHONE, PHONE] }),
    bc: { phoneNumber: '+43 1 555 0101' },
    list: phones,
    want: [OWN_PHONE, '+43 1 555 0101'],
  },
  {
    name: 'BC clears E-Mail 2; a third address typed after it',
    seed: ANN,
    typed: (o) => ({ emailAddresses: [...o.emailAddresses, OWN_EMAIL] }),
    bc: { email2: '' },
    list: emails,
    want: [ANN.email, OWN_EMAIL.address],
  },
  {
    name: 'BC changes E-Mail 2; an address typed before it',
    seed: ANN,
    typed: (o) => ({ emailAddresses: [o.emailAddresses[0]!, OWN_EMAIL, o.emailAddresses[1]!] }),
    bc: { email2: 'ann.new@contoso.com' },
    list: emails,
    want: [ANN.email, OWN_EMAIL.address, 'ann.new@contoso.com'],
  },
];

const CASES = PLACES.flatMap((p) => CONFLICT_POLICIES.map((policy) => [p.name, policy, p] as const));

describe('Outlook-only values typed since the last sync, beside a BC change whose Outlook answer was lost', () => {
  test.each(CASES)('%s (%s): the own value stays Outlook’s, no conflict', async (_name, policy, place) => {
    const { w, a, o } = await syncedPerson(policy, place.seed);
    w.mailbox.userEdit(o.id, place.typed(w.mailbox.peek(o.id)!));
    w.bc.edit(a.id, place.bc);
    // The update lands; its answer is lost: the run stores no link for it.
    w.mailbox.fault = (op) => (op === 'update' ? 'lostResponse' : null);
    w.later();
    await w.sync('full');
    w.mailbox.fault = null;
    w.later();
    await w.sync('full');
    w.later();
    const last = await w.sync('full');
    const bc = w.bc.peek(a.id)!;
    expect({
      list: place.list(w.mailbox.peek(o.id)!),
      bc: { phoneNumber: bc.phoneNumber, email: bc.email, email2: bc.email2 },
      conflicts: await w.store.listConflicts(await w.scope()),
      lastWrites: last.record.counts.outlook.updated + last.record.counts.bc.updated,
    }).toEqual({
      list: place.want,
      bc: {
        phoneNumber: place.seed.phoneNumber === undefined ? bc.phoneNumber : (place.bc.phoneNumber ?? PHONE),
        email: place.seed.email ?? bc.email,
        email2: place.seed.email2 === undefined ? bc.email2 : (place.bc.email2 ?? place.seed.email2),
      },
      conflicts: [],
      lastWrites: 0,
    });
  });
});
