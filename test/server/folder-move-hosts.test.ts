/**
 * F73 on every host: `PUT /sync/v1/settings` with a new folderName, then a run by the scheduler,
 * the CLI or the pane's engine. Before the fix every contact came twice (the old folder's copies
 * stayed, the new folder got new ones) and the old folder's conflicts vanished from the list. Now
 * the run moves the sync: a held conflict keeps the state (and the list) in the old folder until
 * it is dismissed, then the old copies go and the new folder holds each contact once.
 */
import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import type { Json } from '../support/in-process-product.js';
import { productHosts } from '../support/product-hosts.js';
import type { ProductHost } from '../support/product-hosts.js';

const USER = 'ann@contoso.com';

const product = openedForTests(() => startInProcessProduct('bcsync-folder-move-', USER, { SEED_DEMO: '1' }));
const api = (path: string, init?: RequestInit, token?: string) => product.api(path, init, token);
const graph = (path: string, init?: RequestInit) => api(`/graph/v1.0/me${path}`, init, product.graphToken);

/** The hosts by name (titles are made before the product starts; the runners after). */
const HOSTS = [{ name: 'a scheduled run' }, { name: 'the CLI' }, { name: 'the pane engine' }];
const runOf = (name: string): ProductHost['run'] =>
  productHosts(product, USER, async () => ({ id: product.companyId })).find((h) => h.name === name)!.run;

async function folderNamed(name: string): Promise<string | null> {
  const found = await graph(`/contactFolders?$filter=displayName eq '${encodeURIComponent(name)}'`);
  return (found.value[0]?.id as string | undefined) ?? null;
}

async function contactsIn(folderId: string): Promise<Json[]> {
  return (await graph(`/contactFolders/${folderId}/contacts?$top=1000`)).value as Json[];
}

const emailOf = (c: Json) => ((c.emailAddresses?.[0]?.address as string | undefined) ?? '').toLowerCase();

async function putFolder(folderName: string): Promise<void> {
  const settings = await api('/sync/v1/settings');
  await api('/sync/v1/settings', { method: 'PUT', body: JSON.stringify({ ...settings, folderName }) });
}

describe('a folder changed through PUT /sync/v1/settings moves with the next run (F73)', () => {
  let current = DEFAULT_SETTINGS.folderName;
  let count = 0;
  /** The e-mails of the copies, sorted: the demo data holds a few BC contacts sharing one. */
  let synced: string[] = [];

  test('first sync', async () => {
    const first = await runOf(HOSTS[0]!.name)('full');
    expect(first.status).toBe('succeeded');
    const all = await contactsIn((await folderNamed(current))!);
    count = all.length;
    synced = all
      .map(emailOf)
      .filter((e) => e !== '')
      .sort();
    expect(count).toBeGreaterThan(10);
  });

  test.each(HOSTS)(
    '$name: a settled conflict holds the move (listed, not lost); dismissed, the next run moves: every contact once',
    async ({ name }) => {
      const run = runOf(name);
      const oldId = (await folderNamed(current))!;
      const target = `Moved by ${name}`;
      await graph('/contactFolders', { method: 'POST', body: JSON.stringify({ displayName: target }) });
      // Both sides change one contact's job title: BC wins, the conflict is settled and kept.
      const copy = (await contactsIn(oldId)).find((c) => emailOf(c) !== '')!;
      const bc = (
        await api(
          `/api/v2.0/companies(${product.companyId})/contacts?$filter=email eq '${encodeURIComponent(emailOf(copy))}'`,
        )
      ).value[0] as Json;
      await graph(`/contactFolders/${oldId}/contacts/${copy.id as string}`, {
        method: 'PATCH',
        body: JSON.stringify({ jobTitle: `Outlook ${name}` }),
      });
      await api(`/api/v2.0/companies(${product.companyId})/contacts(${bc.id as string})`, {
        method: 'PATCH',
        headers: { 'if-match': bc['@odata.etag'] as string },
        body: JSON.stringify({ jobTitle: `BC ${name}` }),
      });
      // The policy settles it: listed (below), not counted as waiting for a choice (openConflictCount).
      expect((await run('delta')).conflicts).toBe(0);

      await putFolder(target);
      const held = await run('delta');
      expect(held.status).toBe('failed');
      expect(held.errors.at(-1)).toMatchObject({ code: 'folderMoveHeld', params: { held: 1 } });
      const listed = (await api('/sync/v1/conflicts')).conflicts as Json[];
      expect(listed.map((c) => c.bcId)).toEqual([bc.id]);
      expect(await contactsIn((await folderNamed(target))!)).toEqual([]);

      await api(`/sync/v1/conflicts/${bc.id as string}/dismiss`, { method: 'POST', body: '{}' });
      const moved = await run('delta');
      expect({ status: moved.status, errors: moved.errors, folderName: moved.folderName }).toEqual({
        status: 'succeeded',
        errors: [],
        folderName: target,
      });
      const now = await contactsIn((await folderNamed(target))!);
      // What stays is the folder's own contact the sync never linked (no e-mail: skipped), not a copy.
      const left = await contactsIn(oldId);
      expect(left.map(emailOf).filter((e) => e !== '')).toEqual([]);
      expect(now.length + left.length).toBe(count);
      // Each synced contact once: the same copies as before the move, no second one.
      expect(
        now
          .map(emailOf)
          .filter((e) => e !== '')
          .sort(),
      ).toEqual(synced);
      current = target;
      count = now.length;
    },
  );

  test.each(HOSTS)('$name: a name no folder has renames the folder; nothing is copied', async ({ name }) => {
    const run = runOf(name);
    const id = (await folderNamed(current))!;
    const target = `Renamed by ${name}`;
    await putFolder(target);
    const renamed = await run('delta');
    expect({ status: renamed.status, folderId: renamed.folderId, outlook: renamed.counts.outlook }).toEqual({
      status: 'succeeded',
      folderId: id,
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    expect(await folderNamed(target)).toBe(id);
    expect(await folderNamed(current)).toBeNull();
    expect(await contactsIn(id)).toHaveLength(count);
    current = target;
  });
});
