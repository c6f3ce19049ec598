import { beforeAll, expect, test } from '@jest/globals';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { resolveFailureText } from '../../src/messages/words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// Audit question 1 over HTTP (the pane's path): "Keep Outlook" on a deletedInBc conflict whose BC
// contact was privacy-blocked keeps the copy apart from BC (`keptInOutlook`): nothing written to BC,
// the copy keeps the user's edit, and no later run of any host lists the conflict again (audit
// finding 3: a refusal left only "Keep Business Central", which removes the copy). A field choice of
// Outlook's value on such a contact is refused 422 InvalidForBusinessCentral, the reason
// `bcContactOutOfScope` naming the contact's No., worded in the six languages.

const h = useSyncHarness();
const user = userOf('closed@contoso.com');
let bcId = '';
let fieldsId = '';

beforeAll(async () => {
  await putManualFolder(h, user, 'Closed', 'Vaasa');
  bcId = h.bc.seed(person(1, { city: 'Vaasa', jobTitle: 'Buyer' })).id;
  fieldsId = h.bc.seed(person(2, { city: 'Vaasa', jobTitle: 'Buyer' })).id;
  for (let n = 3; n <= 7; n++) h.bc.seed(person(n, { city: 'Vaasa' }));
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  const copies = outlookIn(h, user, 'Closed');
  h.mailbox(user).userEdit(copies.find((c) => c.bcId === bcId)!.id, { jobTitle: 'Procurement Lead' });
  h.mailbox(user).userEdit(copies.find((c) => c.bcId === fieldsId)!.id, { jobTitle: 'Outlook title' });
  h.bc.edit(fieldsId, { jobTitle: 'BC title' });
  h.bc.edit(bcId, { privacyBlocked: true });
  expect((await runToEnd(h, user, { mode: 'delta' })).conflicts).toBe(2);
  h.bc.edit(fieldsId, { privacyBlocked: true });
});

test('Outlook’s field value on a contact privacy-blocked while it waited: 422 with bcContactOutOfScope, words in six languages', async () => {
  const r = await call(h, user, 'POST', `/sync/v1/conflicts/${fieldsId}/resolve`, {
    fields: { jobTitle: 'outlook' },
  });
  expect([r.status, r.body.error?.code]).toEqual([422, 'InvalidForBusinessCentral']);
  const reason = r.body.error.details[0].reason;
  const number = h.bc.peek(fieldsId)!.number;
  expect(reason).toMatchObject({
    kind: 'invalidForBc',
    reasons: [
      {
        kind: 'bcContactOutOfScope',
        bcId: fieldsId,
        bcNumber: number,
        reasons: [{ kind: 'privacyBlocked' }],
      },
    ],
  });
  for (const lang of LANGS) {
    const text = resolveFailureText(catalogWords(lang, CODE_CATALOGS[lang] as never), reason as never);
    expect({ lang, text }).toEqual({ lang, text: expect.stringMatching(/^[^{}]{20,}$/) });
    expect({ lang, has: text.includes(number) }).toEqual({ lang, has: true });
  }
  expect(h.bc.peek(fieldsId)?.jobTitle).toBe('BC title');
});

// After the refusal above: the runs below would turn its conflict into a left-scope one.
test('Keep Outlook on a privacy-blocked contact left out: the copy kept apart, BC unchanged, never listed again', async () => {
  const copy = outlookIn(h, user, 'Closed').find((c) => c.bcId === bcId)!;
  const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'outlook' });
  expect([r.status, r.body.result]).toEqual([200, { kind: 'keptInOutlook', bcId, outlookId: copy.id }]);
  expect(h.bc.peek(bcId)?.jobTitle).toBe('Buyer');
  for (const mode of ['delta', 'full'] as const) {
    await runToEnd(h, user, { mode });
    const listed = await call(h, user, 'GET', '/sync/v1/conflicts');
    expect({ mode, listed: JSON.stringify(listed.body).includes(bcId) }).toEqual({ mode, listed: false });
    const kept = outlookIn(h, user, 'Closed').filter((c) => c.id === copy.id);
    expect({ mode, titles: kept.map((c) => c.jobTitle) }).toEqual({ mode, titles: ['Procurement Lead'] });
  }
  expect(h.bc.peek(bcId)?.jobTitle).toBe('Buyer');
});
