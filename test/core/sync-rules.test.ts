import { describe, expect, test } from '@jest/globals';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import { outlookToSyncFields } from '../../src/core/mapping.js';
import { countWrites } from '../../src/core/plan.js';
import { RunInProgressError } from '../../src/core/run.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { RULE_IDS } from '../../src/core/rules.js';
import type { RuleId } from '../../src/core/rules.js';
import { NO_NAME, World, linkedPerson, outlookPerson, person, typedInOutlook } from '../support/world.js';

// One test per rule of design §2, each named after the rule and its id in src/core/rules.ts (the
// planner's decision table names the same ids), run through the real planner and executor against
// the strict in-memory fakes.

const covered = new Set<RuleId>();
/** A test name's prefix, `[id, …]`, for a test of the rules `ids`; the last test wants each rule tested. */
function rule(...ids: RuleId[]): string {
  for (const id of ids) covered.add(id);
  return `[${ids.join(', ')}]`;
}

describe('design §2 — scope and folder', () => {
  test(`${rule('scope.inScope', 'scope.skip', 'scope.filteredOut')} scope: only Persons with a name and an e-mail, not privacy blocked, matching the filter, reach Outlook`, async () => {
    const w = new World();
    const ok = w.bc.seed(person(1));
    w.bc.seed(person(2, { email: '' }));
    w.bc.seed(person(3, { type: 'Company' }));
    w.bc.seed(person(4, { privacyBlocked: true }));
    w.bc.seed(person(5, { city: 'Paris' }));
    w.bc.seed(person(6, { displayName: '' }));
    await w.settings({ filter: { city: 'London' } });
    const { record, plan } = await w.sync('full');
    expect((await w.outlook()).map((c) => c.bcId)).toEqual([ok.id]);
    expect(record.status).toBe('succeeded');
    const reasons = plan!.skipped.map((s) => s.record.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        { kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] },
        { kind: 'outOfScope', reasons: [{ kind: 'companyContact' }] },
        { kind: 'outOfScope', reasons: [{ kind: 'privacyBlocked' }] },
        { kind: 'outOfScope', reasons: [{ kind: 'noName' }] },
      ]),
    );
    expect(plan!.excludedByFilter).toBe(1);
  });

  test(`${rule('folder.default')} folder: the default folder "Business Central" is created once and reused`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.sync('full');
    await w.sync('full');
    expect((await w.folder()).displayName).toBe('Business Central');
    expect(await w.outlook()).toHaveLength(1);
  });

  test(`${rule('folder.rename')} folder: renaming the folder in settings moves the sync to the folder of the new name`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.sync('full');
    await w.settings({ folderName: 'CRM' });
    await w.sync('full');
    expect(await w.outlook('CRM')).toHaveLength(1);
  });
});

describe('design §2 — delta sync', () => {
  test(`${rule('delta.changesOnly', 'changes.toOutlook')} delta: BC contacts changed since the last sync are created or updated in Outlook`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    await w.sync('full');
    w.bc.edit(a.id, { jobTitle: 'Buyer' });
    const b = w.bc.seed(person(2));
    const { record } = await w.sync('delta');
    expect(record.counts.outlook).toEqual({ created: 1, updated: 1, deleted: 0 });
    expect((await w.outlookByBcId(a.id))?.jobTitle).toBe('Buyer');
    expect(await w.outlookByBcId(b.id)).toBeDefined();
  });

  test(`${rule('delta.changesOnly')} delta: with a delta link neither the whole folder nor the whole BC table is read`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    w.bc.seed(person(2));
    w.later();
    await w.sync('full');
    w.later();
    await w.sync('delta');
    w.bc.edit(a.id, { jobTitle: 'BC' });
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(9));
    w.mailbox.userEdit((await w.outlookByBcId(a.id))!.id, { mobilePhone: '+1 9' });
    const refuse = async (): Promise<never> => {
      throw new Error('a delta run read everything');
    };
    w.mailbox.listContacts = refuse;
    w.bc.listAll = refuse;
    const { record } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'BC', mobilePhoneNumber: '+1 9' });
    expect(record.counts.bc.created).toBe(1);
  });

  test(`${rule('delta.bothWays')} delta: new Outlook contacts are imported into BC as in a full sync`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    w.later();
    await w.sync('full');
    const folder = await w.folder();
    w.mailbox.userCreate(folder.id, outlookPerson(9, { jobTitle: 'CTO' }));
    const { record } = await w.sync('delta');
    expect(record.counts.bc.created).toBe(1);
    const created = (await w.bc.listAll()).find((c) => c.email === 'outlook9@fabrikam.com');
    expect(created).toMatchObject({ type: 'Person', displayName: 'Outlook 9', jobTitle: 'CTO' });
    expect((await w.outlook()).find((c) => c.displayName === 'Outlook 9')?.bcId).toBe(created?.id);
  });

  test(`${rule('delta.bothWays')} delta: a new Outlook contact with the e-mail of a synced BC contact is matched as in a full sync, never imported twice`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { email: 'Ann.Lee@Contoso.com' }));
    w.later();
    await w.sync('full');
    const folder = await w.folder();
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(9, { emailAddresses: [{ address: 'ann.lee@contoso.com', name: 'Ann' }] }),
    );
    const { plan } = await w.sync('delta');
    expect(w.bc.size).toBe(1);
    expect(plan!.skipped.map((s) => s.record.reason)).toEqual([
      {
        kind: 'duplicateOfLinked',
        bcId: a.id,
        bcNumber: a.number,
        bcName: a.displayName,
        linkedOutlookId: (await w.outlookByBcId(a.id))!.id,
      },
    ]);
  });

  test(`${rule('delta.bothWays')} delta: a contact changed only in Outlook updates BC in the same run`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    w.later();
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.mailbox.userEdit(o.id, { jobTitle: 'Outlook title' });
    const delta = await w.sync('delta');
    expect(delta.record.counts.bc.updated).toBe(1);
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Outlook title');
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });

  test(`${rule('delta.bothWays')} delta: a new BC contact is matched to the unlinked Outlook contact with its e-mail, not created twice in Outlook`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    const folder = await w.mailbox.ensureFolder('Business Central');
    // Skipped at the full sync (no name), so it stays unlinked in the folder.
    const lone = w.mailbox.userCreate(
      folder.id,
      outlookPerson(5, {
        ...NO_NAME,
        emailAddresses: [{ address: 'kim@x.com', name: '' }],
      }),
    );
    w.later();
    await w.sync('full');
    // A delta run takes the Graph delta link, so the next one reads Outlook changes only.
    w.later();
    await w.sync('delta');
    const kim = w.bc.seed(person(5, { displayName: 'Kim', email: 'Kim@X.com' }));
    await w.sync('delta');
    expect(
      (await w.outlook()).filter((c) => c.emailAddresses[0]?.address.toLowerCase() === 'kim@x.com'),
    ).toHaveLength(1);
    expect(w.mailbox.peek(lone.id)).toMatchObject({ bcId: kim.id, displayName: 'Kim' });
  });

  test(`${rule('delta.changesOnly')} delta: a BC change never overwrites an Outlook value held in an open conflict (the unreported side is read)`, async () => {
    const w = new World();
    await w.settings({ conflictPolicy: 'manual' });
    const a = w.bc.seed(person(1));
    w.later();
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.bc.edit(a.id, { website: 'https://bc.example' });
    w.mailbox.userEdit(o.id, { businessHomePage: 'https://outlook.example' });
    w.later();
    await w.sync('delta');
    w.bc.edit(a.id, { jobTitle: 'Later' });
    await w.sync('delta');
    expect(w.mailbox.peek(o.id)).toMatchObject({
      jobTitle: 'Later',
      businessHomePage: 'https://outlook.example',
    });
    expect((await w.store.listConflicts(await w.scope()))[0]?.record.fields.map((f) => f.field)).toEqual([
      'website',
    ]);
  });

  test(`${rule('changes.bothSides')} delta: a linked contact changed on both sides is a conflict, and BC wins by default`, async () => {
    const { w, a, o } = await linkedPerson();
    w.mailbox.userEdit(o.id, { jobTitle: 'Outlook title', mobilePhone: '+1 555' });
    w.bc.edit(a.id, { jobTitle: 'BC title' });
    const { plan } = await w.sync('delta');
    expect(plan!.conflicts).toHaveLength(1);
    expect(plan!.conflicts[0]!.record.fields).toEqual([
      { field: 'jobTitle', base: '', bc: 'BC title', outlook: 'Outlook title', winner: 'bc' },
    ]);
    const after = (await w.outlookByBcId(a.id))!;
    expect(after.jobTitle).toBe('BC title');
    // Outlook's own change (mobile phone) is kept in Outlook and reaches BC in the same run.
    expect(after.mobilePhone).toBe('+1 555');
    expect(w.bc.peek(a.id)?.mobilePhoneNumber).toBe('+1 555');
    await w.sync('full');
    expect(w.bc.peek(a.id)?.mobilePhoneNumber).toBe('+1 555');
    // The settled conflict stays listed with Outlook's losing value (rule conflicts.settledKept).
    const conflicts = await w.store.listConflicts(await w.scope());
    expect(conflicts.map((c) => c.record.fields.map((f) => [f.field, f.outlook, f.winner]))).toEqual([
      [['jobTitle', 'Outlook title', 'bc']],
    ]);
  });

  test(`${rule('delta.filterChange')} delta: a changed filter forces a full read of BC, so contacts that left the filter are removed`, async () => {
    const w = new World();
    w.bc.seed(person(1, { city: 'London' }));
    w.bc.seed(person(2, { city: 'Paris' }));
    await w.sync('full');
    expect(await w.outlook()).toHaveLength(2);
    await w.settings({ filter: { city: 'London' }, massDeleteShare: 0.5 });
    await w.sync('delta');
    expect((await w.outlook()).map((c) => c.businessAddress.city)).toEqual(['London']);
  });

  test(`${rule('delta.filterChange')} delta: a changed filter reads the Outlook folder whole, so a contact the old filter kept out is taken (issue 14)`, async () => {
    const w = new World();
    await w.settings({ filter: { city: 'London' } });
    await w.sync('full');
    w.mailbox.userCreate(
      (await w.folder()).id,
      outlookPerson(3, {
        businessAddress: { street: '', city: 'Paris', state: '', postalCode: '', countryOrRegion: '' },
      }),
    );
    await w.sync('delta');
    const skipped = await w.store.listSkipped(await w.scope());
    expect(skipped.map((s) => s.record.reason.kind)).toEqual(['outOfScope']);
    // The skip's hint: "change the sync filter in the settings". The contact itself is unchanged.
    await w.settings({ filter: {} });
    await w.sync('delta');
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
    expect((await w.bc.listAll()).map((c) => c.email)).toContain('outlook3@fabrikam.com');
  });

  test(`${rule('delta.goneContacts')} delta: a new Outlook contact skipped and then deleted in Outlook leaves the skipped list`, async () => {
    const w = new World();
    await w.sync('full');
    const o = w.mailbox.userCreate((await w.folder()).id, outlookPerson(3, { jobTitle: 'x'.repeat(31) }));
    await w.sync('delta');
    expect((await w.store.listSkipped(await w.scope())).map((s) => s.key)).toEqual([`outlook:${o.id}`]);
    w.mailbox.userDelete(o.id);
    await w.sync('delta');
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
  });

  test(`${rule('delta.goneContacts')} delta: of two new Outlook contacts of one e-mail, the one left after the other is deleted is imported`, async () => {
    const w = new World();
    await w.sync('full');
    const folder = await w.folder();
    const email = [{ address: 'twice@fabrikam.com', name: 'Twice' }];
    const first = w.mailbox.userCreate(folder.id, outlookPerson(3, { emailAddresses: email }));
    w.mailbox.userCreate(folder.id, outlookPerson(4, { emailAddresses: email }));
    await w.sync('delta');
    const kinds = async () => (await w.store.listSkipped(await w.scope())).map((s) => s.record.reason.kind);
    expect(await kinds()).toEqual(['duplicateEmailInOutlook', 'duplicateEmailInOutlook']);
    w.mailbox.userDelete(first.id);
    await w.sync('delta');
    expect(await kinds()).toEqual([]);
    expect((await w.bc.listAll()).map((c) => c.displayName)).toEqual(['Outlook 4']);
  });
});

describe('design §2 — full sync', () => {
  test(`${rule('create.inOutlook')} full: in-scope BC contacts are created or updated in Outlook with every mapped field`, async () => {
    const w = new World();
    const a = w.bc.seed(
      person(1, {
        addressLine1: '1 Main St',
        addressLine2: 'Suite 2',
        faxNumber: '+44 1',
        email2: 'p1@home.example',
        phoneNumber: '+44 2',
      }),
    );
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    expect(o.businessAddress.street).toBe('1 Main St\r\nSuite 2');
    expect(o.emailAddresses.map((e) => e.address)).toEqual(['person1@contoso.com', 'p1@home.example']);
    expect(o.faxNumber).toBe('+44 1');
    expect(o.businessPhones).toEqual(['+44 2']);
    expect(outlookToSyncFields(o)).toMatchObject({ displayName: 'Person 1', city: 'London' });
  });

  test(`${rule('changes.toBc')} full: Outlook contacts changed since the base update their BC contact`, async () => {
    const { w, a, o } = await linkedPerson();
    w.mailbox.userEdit(o.id, { businessAddress: { ...o.businessAddress, street: 'New St\nFloor 4' } });
    await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({ addressLine1: 'New St', addressLine2: 'Floor 4' });
  });

  test(`${rule('match.byBcId')} full: unlinked Outlook contacts are matched by the BC id stored on them first`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    const folder = await w.mailbox.ensureFolder('Business Central');
    // Same BC id and name, different e-mail: the id wins over the e-mail (rule match.stampIdentity:
    // the name agrees, so the stamp still names this contact).
    const o = w.mailbox.userCreate(folder.id, outlookPerson(1, { bcId: a.id, displayName: a.displayName }));
    const { record } = await w.sync('full');
    expect(record.counts.outlook.created).toBe(0);
    expect(record.counts.bc.created).toBe(0);
    const links = await w.store.listLinks(await w.scope());
    expect(links.map((l) => [l.bcId, l.outlookId])).toEqual([[a.id, o.id]]);
    expect(await w.outlook()).toHaveLength(1);
  });

  test(`${rule('match.stampIdentity')} a copy made into another person (new name, new e-mail) keeps the stamp but is imported as new, not skipped as a duplicate of the linked contact`, async () => {
    for (const mode of ['delta', 'full'] as const) {
      const { w, a, o } = await linkedPerson();
      const { id: _id, changeKey: _ck, outlookOnly: _oo, ...values } = o;
      w.later();
      const sarah = w.mailbox.userCreate((await w.folder()).id, {
        ...values,
        displayName: 'Sarah Williams',
        emailAddresses: [{ address: 'sarah.williams@fabrikam.com', name: '' }],
      });
      const { plan } = await w.sync(mode);
      expect(plan!.skipped).toEqual([]);
      const stamp = (await w.outlook()).find((c) => c.id === sarah.id)!.bcId;
      expect([stamp === a.id, w.bc.peek(stamp)?.email]).toEqual([false, 'sarah.williams@fabrikam.com']);
    }
  });

  test(`${rule('match.followStamps')} full: two links crossed between Outlook contacts are dropped and each contact is linked by its stamp; BC is not written (F123)`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    const b = w.bc.seed(person(2));
    await w.sync('full');
    const scope = await w.scope();
    const [la, lb] = [...(await w.store.listLinks(scope))].sort((x, y) =>
      x.bcId === a.id ? -1 : y.bcId === a.id ? 1 : 0,
    );
    await w.store.upsertLinks(scope, [
      { ...la!, outlookId: lb!.outlookId },
      { ...lb!, outlookId: la!.outlookId },
    ]);
    const { record } = await w.sync('full');
    expect(record.counts.bc.updated + record.counts.bc.created).toBe(0);
    expect([w.bc.peek(a.id)?.displayName, w.bc.peek(b.id)?.displayName]).toEqual(['Person 1', 'Person 2']);
    const stampOf = new Map((await w.outlook()).map((o) => [o.id, o.bcId]));
    const links = await w.store.listLinks(scope);
    expect(links.map((l) => stampOf.get(l.outlookId)).sort()).toEqual(links.map((l) => l.bcId).sort());
    expect(links.every((l) => stampOf.get(l.outlookId) === l.bcId)).toBe(true);
  });

  test(`${rule('match.byEmail')} full: unlinked Outlook contacts are matched by normalized e-mail (trim, lower case)`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { email: 'Ann.Lee@Contoso.com' }));
    const folder = await w.mailbox.ensureFolder('Business Central');
    const o = w.mailbox.userCreate(
      folder.id,
      outlookPerson(1, { emailAddresses: [{ address: '  ann.lee@contoso.com ', name: 'Ann' }] }),
    );
    await w.sync('full');
    const outlook = await w.outlook();
    expect(outlook).toHaveLength(1);
    expect(outlook[0]!.id).toBe(o.id);
    expect(outlook[0]!.bcId).toBe(a.id);
    expect(w.bc.size).toBe(1);
  });

  test(`${rule('import.create', 'import.skip')} full: the rest become new BC Persons when they have a name and an e-mail, else they are skipped with the reason`, async () => {
    const { w, folder, o: good } = await typedInOutlook(1, { jobTitle: 'CTO' });
    w.mailbox.userCreate(folder.id, outlookPerson(2, { emailAddresses: [] }));
    w.mailbox.userCreate(folder.id, outlookPerson(3, NO_NAME));
    const { plan } = await w.sync('full');
    const created = (await w.bc.listAll())[0]!;
    expect(w.bc.size).toBe(1);
    expect(created).toMatchObject({
      type: 'Person',
      displayName: 'Outlook 1',
      jobTitle: 'CTO',
      email: 'outlook1@fabrikam.com',
    });
    expect(w.mailbox.peek(good.id)?.bcId).toBe(created.id);
    expect(plan!.skipped.map((s) => s.record.reason.kind).sort()).toEqual(['missingEmail', 'missingName']);
  });

  test(`${rule('changes.bothSides')} full: BC is the master — a field changed on both sides ends with BC’s value`, async () => {
    const { w, a, o } = await linkedPerson();
    w.mailbox.userEdit(o.id, { companyName: 'Outlook Co' });
    w.bc.edit(a.id, { companyName: 'BC Co' });
    await w.sync('full');
    expect(w.bc.peek(a.id)?.companyName).toBe('BC Co');
    expect((await w.outlookByBcId(a.id))?.companyName).toBe('BC Co');
  });

  test(`${rule('changes.stampsOnly')} a moved etag or changeKey with equal values is not a change`, async () => {
    const { w, a, o } = await linkedPerson();
    w.bc.edit(a.id, {});
    w.mailbox.userEdit(o.id, {});
    const { record, plan } = await w.sync('full');
    expect(record.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    expect(plan!.conflicts).toHaveLength(0);
  });
});

describe('design §2 — conflicts', () => {
  test(`${rule('changes.bothSides')} conflicts: fields changed on one side merge three-way; both-side changes follow the policy`, async () => {
    for (const policy of CONFLICT_POLICIES) {
      const w = new World();
      await w.settings({ conflictPolicy: policy });
      const a = w.bc.seed(person(1));
      await w.sync('full');
      const o = (await w.outlookByBcId(a.id))!;
      w.mailbox.userEdit(o.id, { jobTitle: 'OL', mobilePhone: '+1 1' });
      w.bc.edit(a.id, { jobTitle: 'BC', website: 'https://bc.example' });
      const { plan } = await w.sync('full');
      const bc = w.bc.peek(a.id)!;
      const ol = (await w.outlookByBcId(a.id))!;
      expect([bc.mobilePhoneNumber, ol.businessHomePage]).toEqual(['+1 1', 'https://bc.example']);
      const expected = { bcWins: ['BC', 'BC'], outlookWins: ['OL', 'OL'], manual: ['BC', 'OL'] }[policy];
      expect([bc.jobTitle, ol.jobTitle]).toEqual(expected);
      const winner = { bcWins: 'bc', outlookWins: 'outlook', manual: 'none' }[policy];
      expect(plan!.conflicts[0]!.record.fields).toEqual([
        { field: 'jobTitle', base: '', bc: 'BC', outlook: 'OL', winner },
      ]);
      expect(await w.store.listConflicts(await w.scope())).toHaveLength(1);
    }
  });

  test(`${rule('conflicts.manual')} conflicts: under the manual policy both sides keep their value until the user decides, and the conflict stays recorded`, async () => {
    const w = new World();
    await w.settings({ conflictPolicy: 'manual' });
    const a = w.bc.seed(person(1));
    await w.sync('full');
    w.mailbox.userEdit((await w.outlookByBcId(a.id))!.id, { jobTitle: 'OL' });
    w.bc.edit(a.id, { jobTitle: 'BC' });
    await w.sync('full');
    const second = await w.sync('full');
    expect(second.record.counts.bc.updated + second.record.counts.outlook.updated).toBe(0);
    expect(await w.store.listConflicts(await w.scope())).toHaveLength(1);
  });
});

describe('design §2 — deletions and the mass-delete guard', () => {
  test(`${rule('deletions.recreate')} deletions: an Outlook contact deleted while its BC contact is in scope is re-created at the next sync`, async () => {
    for (const mode of ['delta', 'full'] as const) {
      const w = new World();
      const a = w.bc.seed(person(1, { jobTitle: 'Keep' }));
      await w.sync('full');
      w.mailbox.userDelete((await w.outlookByBcId(a.id))!.id);
      const { record } = await w.sync(mode);
      expect(record.counts.outlook.created).toBe(1);
      expect((await w.outlookByBcId(a.id))?.jobTitle).toBe('Keep');
    }
  });

  test(`${rule('deletions.adoptCopy')} deletions: an Outlook copy deleted while the user keeps a copy of it (same BC id) is not re-created: the copy is synced`, async () => {
    for (const mode of ['delta', 'full'] as const) {
      const { w, o: synced } = await linkedPerson({ jobTitle: 'Keep' });
      const { id: _id, changeKey: _ck, outlookOnly: _oo, ...values } = synced;
      const kept = w.mailbox.userCreate((await w.folder()).id, values);
      await w.sync('full');
      w.mailbox.userDelete(synced.id);
      const { record } = await w.sync(mode);
      expect(record.counts.outlook.created).toBe(0);
      expect((await w.outlook()).map((o) => [o.id, o.jobTitle])).toEqual([[kept.id, 'Keep']]);
    }
  });

  test(`${rule('deletions.removeCopy')} deletions: a BC contact deleted or leaving scope has its Outlook copy removed`, async () => {
    for (const mode of ['delta', 'full'] as const) {
      const w = new World();
      await w.settings({ massDeleteShare: 1 });
      const a = w.bc.seed(person(1));
      const b = w.bc.seed(person(2));
      w.bc.seed(person(3));
      await w.sync('full');
      w.bc.remove(a.id);
      w.bc.edit(b.id, { privacyBlocked: true });
      const { record } = await w.sync(mode);
      expect(record.counts.outlook.deleted).toBe(2);
      expect(await w.outlook()).toHaveLength(1);
      expect(await w.store.listLinks(await w.scope())).toHaveLength(1);
    }
  });

  test(`${rule('deletions.keepOutlookChanges')} deletions: unless the Outlook copy has changes not yet in BC, which makes a conflict instead`, async () => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    const a = w.bc.seed(person(1));
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.mailbox.userEdit(o.id, { jobTitle: 'Precious note' });
    w.bc.remove(a.id);
    const { plan } = await w.sync('full');
    expect(w.mailbox.peek(o.id)?.jobTitle).toBe('Precious note');
    expect(plan!.conflicts[0]!.record).toMatchObject({
      kind: 'deletedInBc',
      reason: { kind: 'bcDeleted' },
    });
  });

  test(`${rule('deletions.keepOutlookOnly')} deletions: nor when the Outlook copy holds values BC has no field for (a note), which makes a conflict instead`, async () => {
    for (const mode of ['delta', 'full'] as const) {
      const w = new World();
      await w.settings({ massDeleteShare: 1 });
      const a = w.bc.seed(person(1));
      await w.sync('full');
      const o = (await w.outlookByBcId(a.id))!;
      w.mailbox.userSetOutlookOnly(o.id, 'personalNotes');
      await w.sync(mode);
      w.bc.remove(a.id);
      const { plan } = await w.sync(mode);
      expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual(['personalNotes']);
      expect(plan!.conflicts[0]!.record).toMatchObject({
        kind: 'deletedInBc',
        reason: { kind: 'bcDeleted' },
        fields: [],
        outlookOnly: { properties: ['personalNotes'], emails: [], phones: [] },
      });
    }
  });

  test(`${rule('guard.massDelete')} mass-delete guard: a run deleting more than the set share of the folder stops before writing and asks`, async () => {
    const w = new World();
    const ids = [1, 2, 3, 4, 5].map((n) => w.bc.seed(person(n)).id);
    await w.sync('full');
    w.bc.remove(ids[0]!);
    w.bc.remove(ids[1]!);
    // F37: the dry run says what the real run would be held for (and stays a succeeded preview).
    const preview = await w.sync('full', { dryRun: true });
    expect(preview.record.status).toBe('succeeded');
    expect(preview.record.held).toEqual({ kind: 'massDelete', deletes: 2, folderSize: 5, share: 0.2 });
    const held = await w.sync('full');
    expect(held.record.status).toBe('held');
    expect(held.record.held).toEqual({ kind: 'massDelete', deletes: 2, folderSize: 5, share: 0.2 });
    expect(await w.outlook()).toHaveLength(5);
    const confirmed = await w.sync('full', { confirmMassDelete: true });
    expect(confirmed.record.status).toBe('succeeded');
    expect(await w.outlook()).toHaveLength(3);
  });

  test(`${rule('guard.bcEmpty')} mass-delete guard: BC returning nothing while links exist stops the run`, async () => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    const a = w.bc.seed(person(1));
    await w.sync('full');
    w.bc.remove(a.id);
    const preview = await w.sync('full', { dryRun: true });
    expect(preview.record).toMatchObject({ status: 'succeeded', held: { kind: 'bcEmpty', folderSize: 1 } });
    const { record } = await w.sync('full');
    expect(record.status).toBe('held');
    expect(record.held).toEqual({ kind: 'bcEmpty', deletes: 1, folderSize: 1, share: 1 });
    expect(await w.outlook()).toHaveLength(1);
  });
});

describe('design §2 — duplicates', () => {
  test(`${rule('duplicates.outlook')} duplicates: two Outlook contacts with one e-mail are reported, never merged blindly`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    const folder = await w.mailbox.ensureFolder('Business Central');
    const email = [{ address: 'person1@contoso.com', name: 'P' }];
    w.mailbox.userCreate(folder.id, outlookPerson(1, { emailAddresses: email }));
    w.mailbox.userCreate(folder.id, outlookPerson(2, { emailAddresses: email }));
    const { plan } = await w.sync('full');
    expect(await w.outlook()).toHaveLength(2);
    expect(w.bc.size).toBe(1);
    expect(plan!.skipped.filter((s) => s.record.reason.kind === 'duplicateEmailInOutlook')).toHaveLength(3);
    expect(plan!.skipped.find((s) => s.record.side === 'bc')?.record.bcId).toBe(a.id);
  });

  test(`${rule('duplicates.removeOurCopy')} duplicates: a late copy our own create left beside the linked contact is deleted; a copy the user made is kept and listed`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    await w.sync('full');
    w.later();
    const folder = await w.folder();
    const linked = (await w.outlookByBcId(a.id))!;
    const { id: _id, changeKey: _changeKey, outlookOnly: _outlookOnly, ...values } = linked;
    // A create of an earlier run that landed late (its mark is that run's), and a copy the user made
    // in Outlook (it keeps the linked contact's mark).
    w.mailbox.userCreate(folder.id, { ...values, createdBy: 'run-0' });
    const users = w.mailbox.userCreate(folder.id, { ...values });
    const { record, plan } = await w.sync('delta');
    expect(record.counts.outlook.deleted).toBe(1);
    expect((await w.outlook()).map((o) => o.id).sort()).toEqual([linked.id, users.id].sort());
    expect(plan!.skipped.map((s) => [s.record.outlookId, s.record.reason.kind])).toEqual([
      [users.id, 'duplicateOfLinked'],
    ]);
  });

  test(`${rule('duplicates.bc')} duplicates: two BC contacts with one e-mail are reported, never merged blindly`, async () => {
    const w = new World();
    w.bc.seed(person(1, { email: 'shared@contoso.com' }));
    w.bc.seed(person(2, { email: 'shared@contoso.com' }));
    const folder = await w.mailbox.ensureFolder('Business Central');
    const o = w.mailbox.userCreate(
      folder.id,
      outlookPerson(1, { emailAddresses: [{ address: 'shared@contoso.com', name: 'S' }] }),
    );
    const { plan } = await w.sync('full');
    expect(w.mailbox.peek(o.id)?.bcId).toBe('');
    expect(w.bc.size).toBe(2);
    expect(
      plan!.skipped.some((s) => s.record.reason.kind === 'duplicateEmailInBc' && s.record.side === 'outlook'),
    ).toBe(true);
  });
});

describe('design §2 — preview, runs, field lengths', () => {
  test(`${rule('preview.dryRun')} preview: a dry run returns the plan and writes nothing`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(folder.id, outlookPerson(2));
    const { plan, record } = await w.sync('full', { dryRun: true });
    expect(plan!.items.map((i) => i.kind).sort()).toEqual(['createInBc', 'createInOutlook']);
    expect(record.dryRun).toBe(true);
    expect(await w.outlook()).toHaveLength(1);
    expect(w.bc.size).toBe(1);
    expect(await w.store.listLinks(await w.scope())).toEqual([]);
    expect(await w.store.listRuns('ann@contoso.com', 10)).toEqual([]);
  });

  test(`${rule('runs.lease')} runs: one run at a time per user and folder`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.store.acquireLease('ann@contoso.com|business central', 'other-run', w.clock.now(), 600_000);
    await expect(w.sync('full')).rejects.toBeInstanceOf(RunInProgressError);
  });

  test(`${rule('runs.record')} runs: each run keeps a record with mode, trigger, counts and duration`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.sync('full');
    const [run] = await w.store.listRuns('ann@contoso.com', 5);
    expect(run).toMatchObject({
      mode: 'full',
      trigger: 'pane',
      status: 'succeeded',
      counts: { outlook: { created: 1 } },
    });
    expect(run!.graph?.requests).toBeGreaterThan(0);
  });

  test(`${rule('lengths.refuse')} field lengths: a value that does not fit BC is never cut; nothing of the contact is written to BC and it is skipped with the reason`, async () => {
    const { w, a, o } = await linkedPerson();
    w.mailbox.userEdit(o.id, { jobTitle: 'x'.repeat(31), mobilePhone: '+1 2' });
    const { plan } = await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: '', mobilePhoneNumber: '' });
    expect(plan!.skipped[0]!.record.reason).toEqual({
      kind: 'tooLong',
      field: 'jobTitle',
      length: 31,
      max: 30,
    });
    expect((await w.outlookByBcId(a.id))?.jobTitle).toBe('x'.repeat(31));
    const again = await w.sync('full');
    expect(countWrites(again.plan!)).toBe(0);
    expect(again.plan!.skipped.map((s) => s.record.reason.kind)).toEqual(['tooLong']);
  });

  test(`${rule('text.unstorable')} text that cannot be stored: a BC change holding U+0000 leaves the pair as it is on both sides and is reported; the run succeeds`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    const b = w.bc.seed(person(2));
    await w.sync('full');
    const before = (await w.outlookByBcId(a.id))!;
    w.bc.edit(a.id, { jobTitle: 'Head\u0000Buyer', city: 'Paris' });
    w.bc.edit(b.id, { city: 'Oslo' });
    const { record, plan } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(await w.outlookByBcId(a.id)).toEqual(before);
    expect((await w.outlookByBcId(b.id))?.businessAddress.city).toBe('Oslo');
    expect(plan!.skipped.map((s) => s.record.reason)).toEqual([
      { kind: 'unstorableText', side: 'bc', property: 'jobTitle' },
    ]);
  });

  test(`${rule('changes.stampsOnly')} a second sync plans nothing`, async () => {
    const w = new World();
    for (let n = 1; n <= 5; n++) w.bc.seed(person(n));
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(folder.id, outlookPerson(9));
    await w.sync('full');
    const again = await w.sync('full');
    expect(again.plan!.items).toEqual([]);
    const delta = await w.sync('delta');
    expect(delta.plan!.items).toEqual([]);
  });
});

describe('design §2 — scope guards on Outlook changes', () => {
  test(`${rule('scope.guardOutlookChanges')} an Outlook change that would take a synced contact out of scope is not written to BC (nor any other change of that contact), and is reported`, async () => {
    const w = new World();
    await w.settings({ filter: { city: 'London' } });
    const a = w.bc.seed(person(1));
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.mailbox.userEdit(o.id, {
      businessAddress: { ...o.businessAddress, city: 'Paris' },
      emailAddresses: [],
      jobTitle: 'Kept',
    });
    const { plan } = await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({
      city: 'London',
      email: 'person1@contoso.com',
      jobTitle: '',
    });
    expect(plan!.skipped[0]!.record.reason).toMatchObject({ kind: 'wouldLeaveScope' });
    expect(w.mailbox.peek(o.id)).toBeDefined();
    expect(countWrites((await w.sync('full')).plan!)).toBe(0);
  });
});

describe('design §2 — conflict lifecycle (issue 8 §3, §4)', () => {
  test(`${rule('conflicts.settledKept')} a conflict settled by bcWins outlives the next runs and can still be reverted to the Outlook value`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
    await w.sync('full');
    w.bc.edit(a.id, { jobTitle: 'Head Buyer' });
    w.mailbox.userEdit((await w.outlookByBcId(a.id))!.id, { jobTitle: 'Procurement Lead' });
    await w.sync('full');
    await w.sync('delta');
    await w.sync('full');
    const scope = await w.scope();
    const [kept] = await w.store.listConflicts(scope);
    expect(kept?.record.fields).toEqual([
      { field: 'jobTitle', base: 'Buyer', bc: 'Head Buyer', outlook: 'Procurement Lead', winner: 'bc' },
    ]);
    await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
      kind: 'fields',
      fields: { jobTitle: 'outlook' },
    });
    expect(w.bc.peek(a.id)?.jobTitle).toBe('Procurement Lead');
    expect((await w.outlookByBcId(a.id))?.jobTitle).toBe('Procurement Lead');
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });

  test(`${rule('conflicts.keepValues', 'conflicts.resolve')} resolving one field of a settled conflict keeps the other field's Outlook value for its own resolution`, async () => {
    const w = new World();
    const a = w.bc.seed(person(1));
    await w.sync('full');
    w.bc.edit(a.id, { jobTitle: 'BC title', mobilePhoneNumber: '+1 100' });
    w.mailbox.userEdit((await w.outlookByBcId(a.id))!.id, { jobTitle: 'OL title', mobilePhone: '+1 200' });
    await w.sync('full');
    const scope = await w.scope();
    const deps = { bc: w.bc, mailbox: w.mailbox, store: w.store };
    await resolveConflict(deps, scope, a.id, { kind: 'fields', fields: { jobTitle: 'outlook' } });
    const [left] = await w.store.listConflicts(scope);
    expect(left?.record.fields).toEqual([
      { field: 'mobilePhoneNumber', base: '', bc: '+1 100', outlook: '+1 200', winner: 'bc' },
    ]);
    await resolveConflict(deps, scope, a.id, { kind: 'fields', fields: { mobilePhoneNumber: 'outlook' } });
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'OL title', mobilePhoneNumber: '+1 200' });
    expect((await w.outlookByBcId(a.id))?.mobilePhone).toBe('+1 200');
  });
});

describe('design §2 — full sync, values with no BC home, resumed runs', () => {
  test(`${rule('full.everyContact')} full: a full run reads both sides whole although delta links are stored`, async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.sync('full');
    w.later();
    await w.sync('delta');
    // BC's links each read starts from, and how often the folder is read whole (listed, or a delta round from no link).
    const reads = { bc: [] as (string | null)[], wholeFolder: 0 };
    const bcRead = w.bc.readChanges.bind(w.bc);
    const outlookRead = w.mailbox.readChanges.bind(w.mailbox);
    const outlookList = w.mailbox.listContacts.bind(w.mailbox);
    w.bc.readChanges = (link: string | null) => (reads.bc.push(link), bcRead(link));
    w.mailbox.readChanges = (folder, link, known) => {
      if (link === null) reads.wholeFolder++;
      return outlookRead(folder, link, known);
    };
    w.mailbox.listContacts = (folder) => (reads.wholeFolder++, outlookList(folder));
    await w.sync('delta');
    expect(reads.bc.length).toBeGreaterThan(0);
    expect(reads).toEqual({ bc: reads.bc.map(() => expect.any(String)), wholeFolder: 0 });
    reads.bc.length = 0;
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(reads).toEqual({ bc: [null], wholeFolder: 1 });
  });

  test(`${rule('values.owned')} values: Outlook's own third e-mail and second phone are never moved, deleted or read into BC`, async () => {
    const seed = { email: 'ann@contoso.com', email2: 'lee@contoso.com', phoneNumber: '+1 555 0100' };
    const { w, a, o } = await linkedPerson(seed);
    w.mailbox.userEdit(o.id, {
      emailAddresses: [...o.emailAddresses, { address: 'private@example.org', name: 'p' }],
      businessPhones: [...o.businessPhones, '+1 555 0199'],
    });
    const first = await w.sync('full');
    expect(first.record.counts.bc).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(w.bc.peek(a.id)).toMatchObject(seed);
    w.bc.edit(a.id, { email: 'ann.new@contoso.com', phoneNumber: '+1 555 0123' });
    await w.sync('full');
    const after = w.mailbox.peek(o.id)!;
    expect(after.emailAddresses.map((e) => e.address)).toEqual([
      'ann.new@contoso.com',
      'lee@contoso.com',
      'private@example.org',
    ]);
    expect(after.businessPhones).toEqual(['+1 555 0123', '+1 555 0199']);
  });

  test(`${rule('values.sameText')} values: a name in another Unicode form or an e-mail in other case is not a change`, async () => {
    const { w, a, o } = await linkedPerson({ jobTitle: 'Caf\u00e9 owner', email: 'ann@contoso.com' });
    w.mailbox.userEdit(o.id, {
      jobTitle: 'Cafe\u0301 owner',
      emailAddresses: [{ address: 'ANN@Contoso.COM', name: o.emailAddresses[0]!.name }],
    });
    const { record } = await w.sync('full');
    expect(record.counts.bc).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'Caf\u00e9 owner', email: 'ann@contoso.com' });
  });

  test(`${rule('values.country')} values: a country typed in Outlook as a name or a code reaches BC as its code`, async () => {
    const { w, a, o } = await linkedPerson({ country: 'FI' });
    const at = (countryOrRegion: string) => ({ businessAddress: { ...o.businessAddress, countryOrRegion } });
    w.mailbox.userEdit(o.id, at('Sweden'));
    await w.sync('full');
    expect(w.bc.peek(a.id)?.country).toBe('SE');
    w.mailbox.userEdit(o.id, at('no'));
    await w.sync('full');
    expect(w.bc.peek(a.id)?.country).toBe('NO');
  });

  test(`${rule('runs.resume')} runs: a create whose answer was lost is re-linked by the BC id it carries, not made twice`, async () => {
    const w = new World();
    const ids = [w.bc.seed(person(1)).id, w.bc.seed(person(2)).id];
    w.mailbox.fault = (op, i) => (op === 'create' && i === 0 ? 'lostResponse' : null);
    expect((await w.sync('full')).record.status).toBe('failed');
    w.mailbox.fault = null;
    const { record } = await w.sync('full');
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.created).toBe(0);
    expect((await w.outlook()).map((c) => c.bcId).sort()).toEqual([...ids].sort());
    expect((await w.store.listLinks(await w.scope())).map((l) => l.bcId).sort()).toEqual([...ids].sort());
  });
});

describe('design §2 — every rule', () => {
  test(`${rule('deletions.bothGone')} deletions: a pair deleted on both sides is unlinked, and nothing is written`, async () => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    const a = w.bc.seed(person(1));
    w.bc.seed(person(2));
    await w.sync('full');
    w.mailbox.userDelete((await w.outlookByBcId(a.id))!.id);
    w.bc.remove(a.id);
    const { record, plan } = await w.sync('full');
    expect(plan!.items).toEqual([{ kind: 'unlink', bcId: a.id }]);
    expect(record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect((await w.store.listLinks(await w.scope())).map((l) => l.bcId)).not.toContain(a.id);
  });

  test('every rule id of src/core/rules.ts has a test in this file', () => {
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });
});
