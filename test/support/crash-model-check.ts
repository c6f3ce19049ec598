import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import { emailOf, holdsExtras, linksOf } from './crash-model.js';
import type { Model, Real } from './crash-model.js';

/*
 * The crash-hosts model's checks after every run (checkStep) and the late copies a stalled run's
 * create may leave (crash-model.ts holds the model's state).
 */

/**
 * A contact's synced values (not its identity, create mark, or the values BC has no field for): a
 * late copy holds the linked one's.
 */
const valuesOf = (o: OutlookContact) => {
  const { id: _id, changeKey: _changeKey, createdBy: _createdBy, ...values } = o;
  return JSON.stringify({
    ...values,
    businessPhones: values.businessPhones.slice(0, 1),
  });
};

/**
 * The late copies (Model.late): Outlook contacts no link holds that carry the BC id of the one
 * linked to it (else of the first read) and a create mark of their own (our-copies.ts markedOurs).
 * While `model.late` (a late create may have landed since the last clean run) any such copy may
 * stand. After a clean run only one that no longer holds the linked contact's values — the user
 * edited either since it landed — may stand: the run keeps it, listed for the user to delete by
 * hand (rule duplicates.removeOurCopy, any doubt keeps it: duplicateOfLinked; soak, policy seed
 * 1212 path 8: a clash typed into the linked copy), and only in a case where one landed.
 */
export function lateCopies(
  model: Model,
  outlook: readonly OutlookContact[],
  linked: ReadonlySet<string>,
): Set<string> {
  const late = new Set<string>();
  if (!model.lateSeen) return late;
  const first = new Map<string, OutlookContact>();
  for (const o of outlook) if (o.bcId !== '' && linked.has(o.id)) first.set(o.bcId, o);
  for (const o of outlook) if (o.bcId !== '' && !first.has(o.bcId)) first.set(o.bcId, o);
  for (const o of outlook) {
    const one = first.get(o.bcId);
    const mark = o.createdBy ?? '';
    if (!one || one.id === o.id || linked.has(o.id) || mark === '' || mark === (one.createdBy ?? ''))
      continue;
    if (model.late || valuesOf(o) !== valuesOf(one)) late.add(o.id);
  }
  return late;
}

/** The ids of the linked Outlook contacts. */
export async function linkedIds(real: Real): Promise<Set<string>> {
  return new Set((await linksOf(real)).map((l) => l.outlookId));
}

/**
 * The end (crash-model-settles.ts settles), after its clean run: the user deletes by hand each late
 * copy the run kept and listed (duplicateOfLinked), none holding the linked contact's values.
 */
export async function deleteKeptCopies(model: Model, real: Real): Promise<number> {
  const all = await real.seat.outlookAll();
  const late = [...lateCopies({ ...model, late: false }, all, await linkedIds(real))];
  if (late.length === 0) return 0;
  const ends = await real.seat.mailboxDirect.delete(
    (await real.seat.folder()).id,
    all.filter((o) => late.includes(o.id)).map((o) => ({ id: o.id, changeKey: o.changeKey })),
  );
  expect(ends.every((r) => r.ok)).toBe(true);
  return late.length;
}

/** A contact's e-mail and every former one (Model.formerly). */
function namesOf(model: Model, email: string): string[] {
  const names = [email];
  let was = model.formerly.get(email);
  while (was !== undefined && !names.includes(was)) {
    names.push(was);
    was = model.formerly.get(was);
  }
  return names;
}

/**
 * After every run: no contact twice on either side — but a stalled run's late copy until a clean
 * run —, every model value on some side, every Outlook-only value still in Outlook and never in BC.
 */
export async function checkStep(model: Model, real: Real): Promise<number> {
  const [bc, all, linked] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll(), linkedIds(real)]);
  const late = lateCopies(model, all, linked);
  const outlook = all.filter((o) => !late.has(o.id));
  const twice = (xs: string[]) => xs.filter((x, i) => x !== '' && xs.indexOf(x) !== i);
  expect({
    bcEmails: twice(bc.map((b) => normalizeEmail(b.email))),
    outlookEmails: twice(outlook.map(emailOf)),
    outlookBcIds: twice(outlook.map((o) => o.bcId)),
  }).toEqual({ bcEmails: [], outlookEmails: [], outlookBcIds: [] });
  const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
  const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
  // A settled field's losing value is held by its listed record alone once BC deleted the contact
  // (rule conflicts.settledKept): keeping Outlook's side writes it back (crash-scope.ts DeleteKept).
  const emailAt = new Map(outlook.map((o) => [o.id, emailOf(o)]));
  const losing = new Map<string, string>();
  for (const c of await real.seat.store.listConflicts({
    userId: real.seat.userId,
    folderId: (await real.seat.folder()).id,
  })) {
    const fields = c.record.kind === 'deletedInBc' || c.record.kind === 'fields' ? c.record.fields : [];
    const f = fields.find((x) => x.field === 'jobTitle' && x.winner === 'bc');
    if (f) losing.set(emailAt.get(c.outlookId) ?? '', f.outlook);
  }
  for (const [email, title] of model.titles)
    expect({
      email,
      kept: [bcTitle.get(email), olTitle.get(email), losing.get(email)].includes(title),
    }).toEqual({
      email,
      kept: true,
    });
  const bcOf = new Map(bc.map((b) => [normalizeEmail(b.email), b]));
  if (process.env.CRASH_MODEL_DEBUG)
    for (const email of model.extras.keys())
      process.stdout.write(
        `${email}: bc ${JSON.stringify(bcOf.get(email)?.phoneNumber)} outlook ${JSON.stringify(
          all.filter((o) => emailOf(o) === email).map((o) => [o.id.slice(-6), o.businessPhones, o.jobTitle]),
        )} links ${JSON.stringify(
          (
            await real.seat.store.listLinks({
              userId: real.seat.userId,
              folderId: (await real.seat.folder()).id,
            })
          )
            .filter((l) => normalizeEmail(l.base.email) === email)
            .map((l) => [l.base.phoneNumber, l.outlookOwn]),
        )} conflicts ${JSON.stringify(
          await real.seat.store.listConflicts({
            userId: real.seat.userId,
            folderId: (await real.seat.folder()).id,
          }),
        )}\n`,
      );
  for (const [email, x] of model.extras) {
    const b = bcOf.get(email);
    const names = namesOf(model, email);
    expect({
      email,
      inOutlook: all.some((o) => names.includes(emailOf(o)) && holdsExtras(o, x)),
      inBc: b ? [b.phoneNumber, b.mobilePhoneNumber].filter((v) => v === x.phone) : [],
    }).toEqual({ email, inOutlook: true, inBc: [] });
  }
  return late.size;
}
