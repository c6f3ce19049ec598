import { describe, expect, test } from '@jest/globals';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { ResolveError } from '../../src/core/resolve-types.js';
import type { ResolveSide } from '../../src/core/resolve-types.js';
import { World, person } from '../support/world.js';

// A deletedInBc conflict carrying a field the bcWins policy settled (rule conflicts.settledKept;
// soak policy seed 2024 path 11 and its follow-up): each choice keeps every value the record or
// either side showed but the one it overrules — BC's winner when keeping Outlook (its losing value
// goes to both sides: settled-gone's named example), the losing value when BC's deletion is
// accepted. A choice refused (an edit since shown, an address BC cannot take) keeps all of them:
// the refreshed record of an Outlook edit since shown dropped the settled field, whose losing value
// the record alone held (the copy and BC hold the winner), so nothing held it any more.

type Going = 'bcDelete' | 'filterOut' | 'filterOutBcAgain';
type Email = 'unchanged' | 'changedInOutlook' | 'cleared';

interface Field {
  readonly name: string;
  readonly bc: (v: string) => Partial<BcContact>;
  readonly outlook: (v: string) => Partial<OutlookContact>;
  readonly ofBc: (b: BcContact) => string;
  readonly ofOutlook: (o: OutlookContact) => string;
}

const FIELDS: Field[] = [
  {
    name: 'jobTitle',
    bc: (v) => ({ jobTitle: v }),
    outlook: (v) => ({ jobTitle: v }),
    ofBc: (b) => b.jobTitle,
    ofOutlook: (o) => o.jobTitle ?? '',
  },
  {
    name: 'companyName',
    bc: (v) => ({ companyName: v }),
    outlook: (v) => ({ companyName: v }),
    ofBc: (b) => b.companyName,
    ofOutlook: (o) => o.companyName ?? '',
  },
  {
    name: 'website',
    bc: (v) => ({ website: v }),
    outlook: (v) => ({ businessHomePage: v }),
    ofBc: (b) => b.website,
    ofOutlook: (o) => o.businessHomePage ?? '',
  },
  {
    name: 'mobilePhoneNumber',
    bc: (v) => ({ mobilePhoneNumber: v }),
    outlook: (v) => ({ mobilePhone: v }),
    ofBc: (b) => b.mobilePhoneNumber,
    ofOutlook: (o) => o.mobilePhone ?? '',
  },
];

// Valid in every field above (a phone number, a title, a name, a site's text).
const BASE = '+44 20 1000';
const WINNER = '+44 20 2000';
const LOSER = '+44 20 3000';
const AGAIN = '+44 20 4000';
const NEW_EMAIL = 'moved2.c1@fabrikam.com';

/**
 * Person 1's `field` settled by bcWins (listed), then the contact goes (`going`: BC deletes it, or
 * the filter leaves it out) and a run lists it as deletedInBc; then BC may type a new value into
 * the field (`filterOutBcAgain`) and the user edit the copy's e-mail (`email`), which no run saw.
 */
async function listed(field: Field, going: Going, email: Email) {
  const w = new World();
  await w.settings({ conflictPolicy: 'bcWins', massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, field.bc(BASE)));
  w.bc.seed(person(2, { city: 'Paris' }));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.bc.edit(a.id, field.bc(WINNER));
  w.mailbox.userEdit(o.id, field.outlook(LOSER));
  await w.sync('delta');
  if (going === 'bcDelete') w.bc.remove(a.id);
  else await w.settings({ filter: { city: 'London|Paris', email: `<>${w.bc.peek(a.id)!.email}` } });
  await w.sync(going === 'bcDelete' ? 'delta' : 'full');
  await w.sync('delta');
  const scope = await w.scope();
  const [c] = await w.store.listConflicts(scope);
  expect(c?.record).toMatchObject({
    kind: 'deletedInBc',
    fields: [{ bc: WINNER, outlook: LOSER, winner: 'bc' }],
  });
  // BC's user types a new value after the last run listed the conflict: the record never showed it.
  if (going === 'filterOutBcAgain') w.bc.edit(a.id, field.bc(AGAIN));
  const first = w.mailbox.peek(o.id)!.emailAddresses[0]!;
  if (email !== 'unchanged')
    w.mailbox.userEdit(o.id, {
      emailAddresses: [{ ...first, address: email === 'cleared' ? '' : NEW_EMAIL }],
    });
  const resolve = (side: ResolveSide) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'all',
      side,
    }).then(
      (r) => r.kind,
      (e: unknown) => `refused ${e instanceof ResolveError ? e.failure.kind : String(e)}`,
    );
  /** Which of the values shown are still held by BC, the copy or the listed record. */
  const held = async () => {
    const copy = w.mailbox.peek(o.id);
    const b = w.bc.peek(copy?.bcId || a.id);
    const record = (await w.store.listConflicts(scope))[0]?.record;
    const values = [
      b ? field.ofBc(b) : null,
      copy ? field.ofOutlook(copy) : null,
      ...(record?.kind === 'deletedInBc' ? record.fields : []).flatMap((f) => [f.bc, f.outlook]),
    ];
    return { winner: values.includes(WINNER), loser: values.includes(LOSER), again: values.includes(AGAIN) };
  };
  const sync = () => w.sync('delta');
  const listedFields = async () =>
    (await w.store.listConflicts(scope)).flatMap((c) =>
      c.record.kind === 'deletedInBc' ? c.record.fields : [],
    );
  return { resolve, held, sync, listedFields };
}

const ROWS: [Going, Email, ResolveSide, string][] = [];
for (const going of ['bcDelete', 'filterOut', 'filterOutBcAgain'] as const)
  for (const email of ['unchanged', 'changedInOutlook', 'cleared'] as const)
    for (const side of ['outlook', 'bc'] as const)
      for (const f of FIELDS) ROWS.push([going, email, side, f.name]);

/**
 * How the choice ends: an edit since shown refuses either side: Keep BC would remove the copy's
 * e-mail, Keep Outlook write over BC's new value or write the copy's e-mail into BC unseen (brief
 * keepempty: it wrote a changed or cleared address into BC, an empty E-Mail into the contact left
 * out; kept-values-shown.test.ts).
 */
function ending(going: Going, email: Email, side: ResolveSide): string {
  if (email !== 'unchanged' || (going === 'filterOutBcAgain' && side === 'outlook'))
    return 'refused changedSinceShown';
  return side === 'bc' ? 'deletionAccepted' : 'recreatedInBc';
}

/** What stays held: all but what the choice overrules; a settled field BC changed again is over. */
function kept(going: Going, side: ResolveSide, end: string) {
  const refused = end.startsWith('refused');
  const again = going === 'filterOutBcAgain';
  return {
    // BC's winner: on the copy while refused; in BC when its side is kept (unless BC retyped it).
    winner: refused || (side === 'bc' && going === 'filterOut'),
    // The losing value: kept by Keep Outlook, or listed while refused, unless BC changed the field
    // again (the rule's "or the field changes again": the refreshed record no longer lists it).
    loser: side === 'outlook' ? !again : refused,
    again,
  };
}

describe('every choice on a deletedInBc conflict with a settled field keeps the values it does not overrule', () => {
  test.each(ROWS)('%s, e-mail %s, keep %s: %s', async (going, email, side, name) => {
    const { resolve, held } = await listed(
      FIELDS.find((f) => f.name === name)!,
      going,
      email,
    );
    const end = ending(going, email, side);
    expect(await resolve(side)).toBe(end);
    expect(await held()).toEqual(kept(going, side, end));
  });

  test('named example: BC deleted, the copy’s e-mail changed since shown; Keep BC is refused and the record still lists the losing title', async () => {
    const { resolve, held } = await listed(FIELDS[0]!, 'bcDelete', 'changedInOutlook');
    expect(await resolve('bc')).toBe('refused changedSinceShown');
    expect(await held()).toEqual({ winner: true, loser: true, again: false });
    // Seen again, the user keeps Outlook's side: both sides hold the losing value and the new address.
    expect(await resolve('outlook')).toBe('recreatedInBc');
    expect(await held()).toEqual({ winner: false, loser: true, again: false });
  });

  test('named example: left out, BC retypes the settled title, Keep Outlook is refused, then keeps BC’s new title', async () => {
    const { resolve, held } = await listed(FIELDS[0]!, 'filterOutBcAgain', 'unchanged');
    expect(await resolve('outlook')).toBe('refused changedSinceShown');
    expect(await held()).toEqual({ winner: true, loser: false, again: true });
    // Seen again (BC's new title, the settle over): keeping the copy keeps what BC typed.
    expect(await resolve('outlook')).toBe('recreatedInBc');
    expect(await held()).toEqual({ winner: false, loser: false, again: true });
  });

  test('named example: left out, BC retypes the settled title and a run follows: the settle is over, BC’s title stands', async () => {
    const { held, sync, listedFields } = await listed(FIELDS[0]!, 'filterOutBcAgain', 'unchanged');
    await sync();
    expect(await listedFields()).toEqual([]);
    expect(await held()).toEqual({ winner: false, loser: false, again: true });
  });
});
