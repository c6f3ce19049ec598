import { describe, expect, test } from '@jest/globals';
import { World, outlookPerson, person } from '../support/world.js';

// Issue 14: a skipped contact is named as a salesperson finds it in BC — by its No. and Name, not
// by an id. Every skip record carries the BC No. of the BC contact it concerns; the reasons that
// point at another BC contact carry that contact's No. and Name.

async function skippedAfterFullSync(w: World) {
  await w.sync('full');
  return (await w.store.listSkipped(await w.scope())).map((s) => s.record);
}

describe('skip records name BC contacts by No. and Name', () => {
  test('an Outlook copy of a BC contact that is already synced: duplicateOfLinked names it', async () => {
    const w = new World();
    const grace = w.bc.seed(person(1, { displayName: 'Grace Clarke', email: 'grace.clarke@gagnon.co.uk' }));
    await w.sync('full');
    const folder = await w.folder();
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(9, { emailAddresses: [{ address: 'grace.clarke@gagnon.co.uk', name: 'Grace' }] }),
    );
    const [record] = await skippedAfterFullSync(w);
    expect(record).toMatchObject({
      side: 'outlook',
      bcNumber: grace.number,
      reason: { kind: 'duplicateOfLinked', bcId: grace.id, bcNumber: grace.number, bcName: 'Grace Clarke' },
    });
    expect(grace.number).not.toBe('');
  });

  test('an Outlook contact whose e-mail is a company contact in BC: bcContactOutOfScope names it', async () => {
    const w = new World();
    const company = w.bc.seed(
      person(2, { type: 'Company', displayName: 'Gagnon Ltd', email: 'office@gagnon.co.uk' }),
    );
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(
      folder.id,
      outlookPerson(3, { emailAddresses: [{ address: 'office@gagnon.co.uk', name: 'Office' }] }),
    );
    const records = await skippedAfterFullSync(w);
    expect(records.find((r) => r.side === 'outlook')).toMatchObject({
      bcNumber: company.number,
      reason: { kind: 'bcContactOutOfScope', bcNumber: company.number, bcName: 'Gagnon Ltd' },
    });
  });

  test('every skipped BC contact carries its No.; an Outlook contact not in BC carries none', async () => {
    const w = new World();
    const companies = [1, 2, 3].map((n) =>
      w.bc.seed(person(10 + n, { type: 'Company', displayName: `Company ${n}` })),
    );
    const noEmail = w.bc.seed(person(20, { email: '' }));
    const folder = await w.mailbox.ensureFolder('Business Central');
    w.mailbox.userCreate(folder.id, outlookPerson(4, { emailAddresses: [] }));
    const records = await skippedAfterFullSync(w);
    const numbers = Object.fromEntries(records.map((r) => [r.bcId || r.outlookId, r.bcNumber]));
    for (const c of [...companies, noEmail]) expect(numbers[c.id]).toBe(c.number);
    expect(records.filter((r) => r.side === 'outlook').map((r) => r.bcNumber)).toEqual(['']);
  });
});
