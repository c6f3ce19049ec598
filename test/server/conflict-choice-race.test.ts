import { beforeAll, describe, expect, test } from '@jest/globals';
import type { LeaseResult } from '../../src/core/ports.js';
import { catalogWords } from '../../src/messages/english.js';
import { LANGS } from '../../src/messages/langs.js';
import { resolveFailureText } from '../../src/messages/words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// Tester F83: two choices on one conflict at once (two windows, or the pane and another host):
// the one that came second was told "a sync is running" (409 RunInProgress: the first held the
// folder's lease). Now a choice waits for another choice on the folder, then says what happened:
// 404 ConflictNotFound with the reason `alreadyResolved` and which choice settled it, worded in
// six languages. A run holding the folder is still a 409.

const h = useSyncHarness();
const user = userOf('race@contoso.com');
const ids: string[] = [];

beforeAll(async () => {
  await putManualFolder(h, user, 'Race', 'Turku');
  for (let n = 1; n <= 5; n++) ids.push(h.bc.seed(person(n, { city: 'Turku' })).id);
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  // Both values fit BC's Job Title (Text[30]): a choice of either side can be written, so which of
  // two choices at once goes first decides nothing (`OL <GUID>`, 39 characters, was refused 422
  // InvalidForBusinessCentral whenever the Outlook choice won the race).
  ids.forEach((id, n) => {
    const copy = outlookIn(h, user, 'Race').find((c) => c.bcId === id)!;
    h.mailbox(user).userEdit(copy.id, { jobTitle: `OL title ${n}` });
    h.bc.edit(id, { jobTitle: `BC title ${n}` });
  });
  expect((await runToEnd(h, user, { mode: 'full' })).conflicts).toBe(5);
});

const KEY = () => `${user}|race`;

/** Resolves `acquired` once a request other than the test asked for the folder's lease. */
function watchLease(): Promise<void> {
  const store = h.store;
  const original = store.acquireLease.bind(store);
  return new Promise((resolve) => {
    store.acquireLease = async (...args: Parameters<typeof original>): Promise<LeaseResult> => {
      const result = await original(...args);
      if (args[0] === KEY() && !args[1].startsWith('test-')) {
        store.acquireLease = original;
        resolve();
      }
      return result;
    };
  });
}

describe('the second of two choices on one conflict says the first settled it (F83)', () => {
  test.each([['resolve'], ['dismiss']] as const)(
    'the named example: a %s held the folder; the waiting resolve answers alreadyResolved',
    async (first) => {
      const bcId = ids[first === 'resolve' ? 0 : 1]!;
      // The first choice holds the folder's lease, as the route names its owner.
      const holder = `${first}-test-window`;
      expect((await h.store.acquireLease(KEY(), holder, h.clock.now(), 60_000)).ok).toBe(true);
      const asked = watchLease();
      const second = call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' });
      await asked;
      // The first settles the conflict and lets go.
      const scope = { userId: user, folderId: h.mailbox(user).folderByName('Race')!.id };
      await h.store.putConflicts(scope, [], [bcId]);
      await h.store.releaseLease(KEY(), holder);
      const r = await second;
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('ConflictNotFound');
      const reason = { kind: 'alreadyResolved', bcId, by: first };
      expect(r.body.error.details[0].reason).toEqual(reason);
      expect(r.body.error.message).not.toMatch(/sync is running/i);
      for (const lang of LANGS) {
        const text = resolveFailureText(catalogWords(lang, CODE_CATALOGS[lang] as never), reason as never);
        expect({ lang, text }).toEqual({ lang, text: expect.stringMatching(/^[^{}]{20,}$/) });
        expect(text).toContain(bcId);
      }
    },
  );

  test('two resolves at once: one resolves, the other is told it was resolved; never "a sync is running"', async () => {
    const bcId = ids[2]!;
    const answers = await Promise.all([
      call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' }),
      call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'outlook' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    const lost = answers.find((a) => a.status === 404)!;
    expect(lost.body.error.code).toBe('ConflictNotFound');
  });

  // Which choice of two at once goes first is the race's to decide: each order, one after the other.
  test.each([
    [3, 'outlook', 'bc'],
    [4, 'bc', 'outlook'],
  ] as const)(
    'conflict %i: %s first answers 200, then %s is told it was resolved',
    async (n, first, second) => {
      const bcId = ids[n]!;
      const path = `/sync/v1/conflicts/${bcId}/resolve`;
      const a = await call(h, user, 'POST', path, { side: first });
      const b = await call(h, user, 'POST', path, { side: second });
      expect([a.status, b.status, b.body.error?.code]).toEqual([200, 404, 'ConflictNotFound']);
    },
  );

  test('a run holding the folder is still a 409', async () => {
    expect((await h.store.acquireLease(KEY(), 'test-run', h.clock.now(), 60_000)).ok).toBe(true);
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${ids[0]}/resolve`, { side: 'bc' });
    expect(r.status).toBe(409);
    // Which run holds the folder and when it frees, as a refused start says it (was: no reason).
    expect(r.body.error).toMatchObject({
      code: 'RunInProgress',
      reason: {
        kind: 'RunInProgress',
        refusal: 'folderBusy',
        runId: 'test-run',
        until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    await h.store.releaseLease(KEY(), 'test-run');
  });
});
