/**
 * Look-ups by BC id (findByBcIds: a delta that reports a BC contact no link holds, a create whose
 * answer was lost, the silent-resend check) read what was asked, not the whole folder: one filtered
 * list per BC id (Graph lists contacts by an extended property's value,
 * singlevaluelegacyextendedproperty-get), 20 to a $batch. Before, each look-up read the folder's whole
 * list: a delta with one new BC contact cost ceil(N / 1,000) list pages (issue 12 §2: a run costs
 * what changed). Above 100 ids the list is read once instead.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { outlookDraft } from '../contracts/fixtures.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { newGraphUser } from '../support/new-graph-user.js';
import { person } from '../support/world.js';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const BY_BC_ID = /^GET .*\/contacts\?\$filter=singleValueExtendedProperties\/any\(/;

describe('look-ups by BC id read what was asked', () => {
  test('a delta that reports a new BC contact looks its copies up by BC id and e-mail, never the whole folder', async () => {
    const made = await newGraphUser('bc-id-lookups', '4444', 30);
    app = made.app;
    const { world, mailbox, user } = made;
    await world.sync(mailbox, 'full');
    world.bc.seed(person(31));
    const items: string[] = [];
    world.hooks.beforeBatch = async (these) => {
      items.push(...these);
    };
    const delta = await world.sync(mailbox, 'delta');
    world.hooks.beforeBatch = null;
    expect(delta.record.counts.outlook.created).toBe(1);
    expect(delta.listPages).toEqual([]);
    expect(items.filter((i) => BY_BC_ID.test(i))).toHaveLength(1);
    const folder = await user.ensureFolder('Business Central');
    expect(await user.listContacts(folder.id)).toHaveLength(31);
  });

  // ids asked → (filtered lists, $batch envelopes, whole-list pages)
  test.each([
    [1, 1, 1, 0],
    [20, 20, 1, 0],
    [21, 21, 2, 0],
    [100, 100, 5, 0],
    [101, 0, 0, 1],
  ])('%i BC ids: %i filtered lists in %i envelopes, %i list pages', async (n, lists, envelopes, pages) => {
    const { mailbox, folder, sent, items } = await threeStamped(n, false);
    const asked = ['bc-1', 'BC-2', ...Array.from({ length: n - 2 }, (_, i) => `bc-x${i}`)].slice(0, n);
    const found = await mailbox.findByBcIds(folder, asked);
    expect(found.map((c) => c.bcId)).toEqual(['bc-1']);
    expect([
      items.filter((i) => BY_BC_ID.test(i)).length,
      sent.filter((s) => s.endsWith('/$batch')).length,
      sent.filter((s) => /^GET .*\/contacts\?.*\$top=1000/.test(s)).length,
    ]).toEqual([lists, envelopes, pages]);
  });

  test('a Graph that refuses the filtered list (400) is answered by the folder list: the look-up still finds the copy', async () => {
    const { mailbox, folder, sent } = await threeStamped(3, true);
    const found = await mailbox.findByBcIds(folder, ['bc-1', 'bc-404']);
    expect(found.map((c) => c.bcId)).toEqual(['bc-1']);
    expect([
      sent.filter((s) => s.endsWith('/$batch')).length,
      sent.filter((s) => /^GET .*\/contacts\?.*\$top=1000/.test(s)).length,
    ]).toEqual([1, 1]);
  });
});

/**
 * The emulator with a mailbox holding three contacts, stamped bc-1, bc-2 and none (the third's stamp
 * cleared), recording what the client sends from then on. With `refuseFilters`, each filtered list by an
 * extended property goes out as one the emulator refuses (`…/all(`, not supported: 400), as a Graph that
 * does not filter contacts by a string property would answer.
 */
async function threeStamped(n: number, refuseFilters: boolean) {
  const sent: string[] = [];
  const items: string[] = [];
  let recording = false;
  const started = await emulatedGraph(
    {
      oid: `5b0c6f1e-4445-4000-8000-${refuseFilters ? '1' : '0'}000000f${String(n).padStart(4, '0')}`,
      upn: `lookups-${n}-${refuseFilters}@contoso.test`,
    },
    async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input.url);
      let body = init?.body;
      if (url.pathname.endsWith('/$batch') && typeof body === 'string') {
        if (refuseFilters)
          body = body.replaceAll(
            'singleValueExtendedProperties%2Fany(',
            'singleValueExtendedProperties%2Fall(',
          );
        const batch = JSON.parse(body) as { requests: { method: string; url: string }[] };
        if (recording) items.push(...batch.requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`));
      }
      if (recording) sent.push(`${init?.method ?? 'GET'} ${decodeURIComponent(url.pathname + url.search)}`);
      return fetch(input, { ...init, ...(body === undefined ? {} : { body }) });
    },
  );
  app = started.app;
  const { mailbox } = started;
  const folder = (await mailbox.ensureFolder('Business Central')).id;
  await mailbox.create(folder, [outlookDraft(1), outlookDraft(2), outlookDraft(3, { bcId: '' })]);
  recording = true;
  return { mailbox, folder, sent, items };
}
