import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { HostName } from './crash-hosts.js';
import { deleteKeptCopies } from './crash-model-check.js';
import { codesHeld } from './crash-codes.js';
import { emailOf, holdsExtras } from './crash-model.js';
import type { Model, Real } from './crash-model.js';
import { other, tally } from './crash-run-cmd.js';
import { scopeIn } from './crash-seams.js';
import { keepGone } from './crash-scope.js';

/** The end: one clean delta run settles everything; a full run then writes only owed stamps, a second nothing. */
export async function settles(model: Model, real: Real, settler: HostName): Promise<void> {
  const { seat } = real;
  // A contact the filter leaves out comes back in first: the end's counts hold every contact. The
  // user keeps every copy BC deleted that is still undecided (crash-scope.ts).
  await scopeIn(model, real);
  await keepGone(model, real);
  const settle = await seat.run(settler, 'delta', null, null).done;
  expect({ status: settle?.record.status, errors: settle?.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  tally.keptCopies += await deleteKeptCopies(model, real);
  await codesHeld(real);
  const bc = await seat.bcAll();
  let outlook = await seat.outlookAll();
  const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
  const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
  for (const [email, title] of model.titles)
    expect({ email, bc: bcTitle.get(email), outlook: olTitle.get(email) }).toEqual({
      email,
      bc: title,
      outlook: title,
    });
  expect({ bc: bc.length, outlook: outlook.length }).toEqual({
    bc: model.titles.size,
    outlook: model.titles.size,
  });
  // BC's cleared phones are gone from both sides; the Outlook-only phones stay, and only in Outlook.
  const bcOf = new Map(bc.map((b) => [normalizeEmail(b.email), b]));
  for (const o of outlook) {
    const email = emailOf(o);
    const x = model.extras.get(email);
    const bcPhone = bcOf.get(email)?.phoneNumber;
    expect({
      email,
      extraKept: x ? holdsExtras(o, x) : true,
      bcPhone: model.phoneCleared.has(email) ? bcPhone : 'kept',
      outlookPhones: o.businessPhones.filter((p) => p !== x?.phone),
    }).toEqual({
      email,
      extraKept: true,
      bcPhone: model.phoneCleared.has(email) ? '' : 'kept',
      outlookPhones: bcPhone ? [bcPhone] : [],
    });
  }
  const owed = outlook.filter((o) => o.bcId === '').length;
  const full = await seat.run(other(settler), 'full', null, null).done;
  expect({ status: full?.record.status, counts: full?.record.counts }).toEqual({
    status: 'succeeded',
    counts: {
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: owed, deleted: 0 },
    },
  });
  const again = await seat.run(settler, 'full', null, null).done;
  expect({ status: again?.record.status, counts: again?.record.counts }).toEqual({
    status: 'succeeded',
    counts: { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 0, updated: 0, deleted: 0 } },
  });
  tally.owedStamps += owed;
  outlook = await seat.outlookAll();
  // Links: one per BC contact, to the one Outlook contact carrying its id.
  const links = await seat.store.listLinks({ userId: seat.userId, folderId: (await seat.folder()).id });
  const byBcId = new Map(outlook.map((o) => [o.bcId, o.id]));
  expect(links.map((l) => [l.bcId, l.outlookId]).sort()).toEqual(
    bc.map((b) => [b.id, byBcId.get(b.id)]).sort(),
  );
  expect((await seat.records()).filter((r) => r.status === 'running').map((r) => r.id)).toEqual([]);
}
