import { describe, test, expect } from '@jest/globals';
import { ANN, createContact, createFolder, expectGraphError, jsonOf, useHarness } from './harness.js';
import type { Harness } from './harness.js';

type Page = Record<string, unknown> & { value: Record<string, unknown>[] };

/** Follows nextLinks to the end of a round; returns all items, page sizes and the deltaLink. */
async function runRound(h: Harness, start: string, prefer?: string) {
  const items: Record<string, unknown>[] = [];
  const sizes: number[] = [];
  let link: string | undefined = start;
  for (;;) {
    const response = await h.call('GET', link, undefined, prefer ? { headers: { prefer } } : {});
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    items.push(...page.value);
    sizes.push(page.value.length);
    link = page['@odata.nextLink'] as string | undefined;
    if (!link) return { items, sizes, deltaLink: page['@odata.deltaLink'] as string, lastPage: page };
    expect(link).toMatch(/\/contacts\/delta\?\$skiptoken=/);
  }
}

describe('emulator contacts delta', () => {
  const h = useHarness({ delta: { maxGenerations: 3 } });

  test('first round returns all contacts in pages; $select is kept in the tokens', async () => {
    const folder = await createFolder(h, 'Delta A');
    for (let i = 0; i < 5; i++) await createContact(h, folder, { givenName: `D${i}`, surname: 'S' });
    const round = await runRound(
      h,
      `${h.base}/me/contactFolders/${folder}/contacts/delta?$select=givenName`,
      'odata.maxpagesize=2',
    );
    expect(round.sizes).toEqual([2, 2, 1]);
    expect(round.items.map((c) => c.givenName)).toEqual(['D0', 'D1', 'D2', 'D3', 'D4']);
    for (const item of round.items) {
      expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'givenName', 'id']);
    }
    expect(round.deltaLink).toMatch(
      new RegExp(
        `^${h.base.replace(/\./g, '\\.')}/me/contactFolders/${folder}/contacts/delta\\?\\$deltatoken=`,
      ),
    );
    expect(round.lastPage['@odata.context']).toBe(`${h.base}/$metadata#Collection(contact)`);
  });

  test('incremental round: creates, updates and @removed deletions; replay returns them again', async () => {
    const folder = await createFolder(h, 'Delta B');
    const keep = await createContact(h, folder, { givenName: 'Keep' });
    const edit = await createContact(h, folder, { givenName: 'Edit' });
    const drop = await createContact(h, folder, { givenName: 'Drop' });
    const first = await runRound(h, `${h.base}/me/contactFolders/${folder}/contacts/delta`);
    expect(first.items.map((c) => c.id)).toEqual([keep.id, edit.id, drop.id]);

    await h.call('PATCH', `/me/contacts/${edit.id as string}`, { givenName: 'Edited' });
    expect((await h.call('DELETE', `/me/contacts/${drop.id as string}`)).status).toBe(204);
    const added = await createContact(h, folder, { givenName: 'New' });
    const transient = await createContact(h, folder, { givenName: 'Transient' });
    await h.call('DELETE', `/me/contacts/${transient.id as string}`);

    const second = await runRound(h, first.deltaLink);
    const byId = new Map(second.items.map((c) => [c.id, c]));
    expect(byId.get(edit.id)).toEqual(
      expect.objectContaining({ givenName: 'Edited', '@odata.type': '#microsoft.graph.contact' }),
    );
    expect(byId.get(drop.id)).toEqual({
      '@odata.type': '#microsoft.graph.contact',
      id: drop.id,
      '@removed': { reason: 'deleted' },
    });
    expect(byId.get(added.id)).toEqual(expect.objectContaining({ givenName: 'New' }));
    expect(byId.has(keep.id)).toBe(false);
    expect(byId.get(transient.id)).toEqual(expect.objectContaining({ '@removed': { reason: 'deleted' } }));

    const replay = await runRound(h, first.deltaLink);
    expect(replay.items).toEqual(second.items);
    const quiet = await runRound(h, second.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  test('Prefer odata.maxpagesize is capped at 200', async () => {
    const contacts = Array.from({ length: 450 }, (_, i) => ({ givenName: `Bulk${i}` }));
    h.emulator.seed({
      mailboxes: [{ id: ANN.oid, upn: ANN.upn, folders: [{ displayName: 'Bulk', contacts }] }],
    });
    const folders = await jsonOf(
      await h.call('GET', `/me/contactFolders?$filter=${encodeURIComponent("displayName eq 'Bulk'")}`),
    );
    const folder = (folders.value as { id: string }[])[0]?.id as string;
    const firstPage = await h.call('GET', `/me/contactFolders/${folder}/contacts/delta`, undefined, {
      headers: { prefer: 'odata.maxpagesize=1000' },
    });
    expect(firstPage.headers.get('preference-applied')).toBe('odata.maxpagesize=200');
    const round = await runRound(
      h,
      `${h.base}/me/contactFolders/${folder}/contacts/delta`,
      'odata.maxpagesize=1000',
    );
    expect(round.sizes).toEqual([200, 200, 50]);
    expect(new Set(round.items.map((c) => c.id)).size).toBe(450);
    const defaultRound = await runRound(h, `${h.base}/me/contactFolders/${folder}/contacts/delta`);
    expect(defaultRound.sizes).toEqual([100, 100, 100, 100, 50]);
  });

  test.each([
    ['on an empty folder', 0],
    ['on a folder holding contacts', 2],
  ])(
    'a deltaLink issued %s reports the deletions after it (a link from an empty folder was read as an initial round)',
    async (_name, before) => {
      const folder = await createFolder(h, `Delta E${before}`);
      for (let i = 0; i < before; i++) await createContact(h, folder, { givenName: `Old${i}` });
      const first = await runRound(h, `${h.base}/me/contactFolders/${folder}/contacts/delta`);
      expect(first.items).toHaveLength(before);
      const keep = await createContact(h, folder, { givenName: 'Keep' });
      const drop = await createContact(h, folder, { givenName: 'Drop' });
      expect((await h.call('DELETE', `/me/contacts/${drop.id as string}`)).status).toBe(204);
      const second = await runRound(h, first.deltaLink);
      expect(second.items).toEqual([
        expect.objectContaining({ id: keep.id, givenName: 'Keep' }),
        { '@odata.type': '#microsoft.graph.contact', id: drop.id, '@removed': { reason: 'deleted' } },
      ]);
    },
  );

  test('a deltaLink issued on an empty folder ages out like any other: 410 once newer ones pushed it out', async () => {
    const folder = await createFolder(h, 'Delta F');
    const rounds = [await runRound(h, `${h.base}/me/contactFolders/${folder}/contacts/delta`)];
    for (let i = 1; i <= 3; i++) {
      await createContact(h, folder, { givenName: `G${i}` });
      rounds.push(await runRound(h, (rounds[i - 1] as { deltaLink: string }).deltaLink));
    }
    await expectGraphError(
      await h.call('GET', rounds[0]?.deltaLink as string),
      410,
      'SyncStateNotFound',
      /generation=0;/,
    );
    expect((await h.call('GET', rounds[1]?.deltaLink as string)).status).toBe(200);
  });

  test('a token older than the kept generations is 410 SyncStateNotFound', async () => {
    const folder = await createFolder(h, 'Delta C');
    await createContact(h, folder, { givenName: 'G0' });
    const rounds = [await runRound(h, `${h.base}/me/contactFolders/${folder}/contacts/delta`)];
    // Each round after a write issues a new generation; only 3 are kept.
    for (let i = 1; i <= 3; i++) {
      await createContact(h, folder, { givenName: `G${i}` });
      rounds.push(await runRound(h, (rounds[i - 1] as { deltaLink: string }).deltaLink));
    }
    const oldest = rounds[0]?.deltaLink as string;
    const response = await h.call('GET', oldest);
    const error = await expectGraphError(
      response,
      410,
      'SyncStateNotFound',
      /^The sync state generation is not found; generation=1;\[highest=4\]\[4\]\[3\]\[2\]\.$/,
    );
    expect(error.innerError['request-id']).toBeTruthy();
    expect((await h.call('GET', rounds[1]?.deltaLink as string)).status).toBe(200);
  });

  test('a delta token from another folder or a garbled token is 400', async () => {
    const a = await createFolder(h, 'Delta D1');
    const b = await createFolder(h, 'Delta D2');
    const round = await runRound(h, `${h.base}/me/contactFolders/${a}/contacts/delta`);
    const token = new URL(round.deltaLink).searchParams.get('$deltatoken') as string;
    await expectGraphError(
      await h.call('GET', `/me/contactFolders/${b}/contacts/delta?$deltatoken=${token}`),
      400,
      'ErrorInvalidSyncStateData',
    );
    await expectGraphError(
      await h.call('GET', `/me/contactFolders/${a}/contacts/delta?$deltatoken=zzz`),
      400,
      'ErrorInvalidSyncStateData',
    );
  });
  // Review RV18: a token of the right folder with values this emulator never writes was served (200).
  test.each([
    ['a negative position', (t: unknown[]) => [...t.slice(0, 4), -5, t[5]]],
    ['a position past every safe integer', (t: unknown[]) => [...t.slice(0, 4), 1e308, t[5]]],
    ['a fractional position', (t: unknown[]) => [...t.slice(0, 4), 0.5, t[5]]],
    ['a fractional base', (t: unknown[]) => [t[0], t[1], 1.5, ...t.slice(3)]],
    ['an upTo past every safe integer', (t: unknown[]) => [...t.slice(0, 3), 1e308, ...t.slice(4)]],
    ['a $select of objects', (t: unknown[]) => [...t.slice(0, 5), [{}]]],
    ['a $select of numbers', (t: unknown[]) => [...t.slice(0, 5), [1]]],
  ])('a delta token of the folder holding %s is 400 ErrorInvalidSyncStateData', async (_what, change) => {
    const a = await createFolder(h, `Delta E ${_what}`);
    const round = await runRound(h, `${h.base}/me/contactFolders/${a}/contacts/delta?$select=givenName`);
    const token = new URL(round.deltaLink).searchParams.get('$deltatoken') as string;
    const fields = JSON.parse(Buffer.from(token, 'base64url').toString()) as unknown[];
    const bad = Buffer.from(JSON.stringify(change(fields))).toString('base64url');
    expect((await h.call('GET', `/me/contactFolders/${a}/contacts/delta?$deltatoken=${token}`)).status).toBe(
      200,
    );
    await expectGraphError(
      await h.call('GET', `/me/contactFolders/${a}/contacts/delta?$deltatoken=${bad}`),
      400,
      'ErrorInvalidSyncStateData',
    );
  });
});
