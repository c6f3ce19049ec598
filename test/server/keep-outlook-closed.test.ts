import { beforeAll, expect, test } from '@jest/globals';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { resolveFailureText } from '../../src/messages/words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// Audit question 1 over HTTP (the pane's path): "Keep Outlook" on a conflict whose BC contact was
// privacy-blocked is refused 422 InvalidForBusinessCentral, the reason `bcContactOutOfScope`
// naming the contact's No. and why, worded in the six languages; BC is not written and the next run
// (any host's: the rule is the planner's) lists the conflict again unchanged.

const h = useSyncHarness();
const user = userOf('closed@contoso.com');
let bcId = '';

beforeAll(async () => {
  await putManualFolder(h, user, 'Closed', 'Vaasa');
  bcId = h.bc.seed(person(1, { city: 'Vaasa', jobTitle: 'Buyer' })).id;
  for (let n = 2; n <= 6; n++) h.bc.seed(person(n, { city: 'Vaasa' }));
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  const copy = outlookIn(h, user, 'Closed').find((c) => c.bcId === bcId)!;
  h.mailbox(user).userEdit(copy.id, { jobTitle: 'Procurement Lead' });
  h.bc.edit(bcId, { privacyBlocked: true });
  expect((await runToEnd(h, user, { mode: 'delta' })).conflicts).toBe(1);
});

test('Keep Outlook on a privacy-blocked contact: 422 with bcContactOutOfScope, words in six languages', async () => {
  const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'outlook' });
  expect([r.status, r.body.error?.code]).toEqual([422, 'InvalidForBusinessCentral']);
  const reason = r.body.error.details[0].reason;
  const number = h.bc.peek(bcId)!.number;
  expect(reason).toMatchObject({
    kind: 'invalidForBc',
    reasons: [{ kind: 'bcContactOutOfScope', bcId, bcNumber: number, reasons: [{ kind: 'privacyBlocked' }] }],
  });
  for (const lang of LANGS) {
    const text = resolveFailureText(catalogWords(lang, CODE_CATALOGS[lang] as never), reason as never);
    expect({ lang, text }).toEqual({ lang, text: expect.stringMatching(/^[^{}]{20,}$/) });
    expect({ lang, has: text.includes(number) }).toEqual({ lang, has: true });
  }
  expect(h.bc.peek(bcId)?.jobTitle).toBe('Buyer');
  await runToEnd(h, user, { mode: 'delta' });
  const listed = await call(h, user, 'GET', '/sync/v1/conflicts');
  expect(JSON.stringify(listed.body)).toContain(bcId);
});
