import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator, exportSeed } from '../../src/emulator/index.js';
import { TINY_PNG } from '../support/outlook-only-samples.js';
import { jsonOf, useHarness } from './harness.js';

// F58: the emulator models a contact's photo as Graph does (profilephoto-get / -update; delete is
// not supported for Outlook contacts), so the photo flag the adapter reads can be tested at all.

const HAS_PICTURE = 'Boolean {00062004-0000-0000-C000-000000000046} Id 0x8015';
const h = useHarness();

async function newContact(): Promise<{ id: string; changeKey: string }> {
  const res = await h.call('POST', '/me/contacts', { givenName: 'Bo', surname: 'Lind' });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; changeKey: string };
}

const putPhoto = (path: string, body: Buffer, type = 'image/png') =>
  fetch(`${h.base}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${h.annToken}`, 'content-type': type },
    body: new Uint8Array(body),
  });

describe('Graph emulator: contact photos', () => {
  test('no photo: GET …/photo and …/photo/$value answer 404 ImageNotFound', async () => {
    const { id } = await newContact();
    for (const path of [`/me/contacts/${id}/photo`, `/me/contacts/${id}/photo/$value`]) {
      const res = await h.call('GET', path);
      expect(res.status).toBe(404);
      expect(((await jsonOf(res)).error as { code: string }).code).toBe('ImageNotFound');
    }
  });

  test('PUT …/photo/$value stores the image: metadata, bytes, a new changeKey, a delta entry and PidLidHasPicture', async () => {
    const folder = (await jsonOf(await h.call('POST', '/me/contactFolders', { displayName: 'Photo folder' })))
      .id as string;
    const created = (await jsonOf(
      await h.call('POST', `/me/contactFolders/${folder}/contacts`, { givenName: 'Ann' }),
    )) as { id: string; changeKey: string };
    const round = await jsonOf(await h.call('GET', `/me/contactFolders/${folder}/contacts/delta`));
    const deltaLink = round['@odata.deltaLink'] as string;

    const put = await putPhoto(`/me/contactFolders/${folder}/contacts/${created.id}/photo/$value`, TINY_PNG);
    expect(put.status).toBe(204);
    const meta = await jsonOf(await h.call('GET', `/me/contacts/${created.id}/photo`));
    expect(meta).toMatchObject({ '@odata.mediaContentType': 'image/png', id: '1X1', width: 1, height: 1 });
    const bytes = await h.call('GET', `/me/contacts/${created.id}/photo/$value`);
    expect(bytes.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(TINY_PNG);

    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${HAS_PICTURE}')`);
    const after = await jsonOf(await h.call('GET', `/me/contacts/${created.id}?$expand=${expand}`));
    expect(after.changeKey).not.toBe(created.changeKey);
    expect(after.singleValueExtendedProperties).toEqual([{ id: HAS_PICTURE, value: 'true' }]);
    const changes = await jsonOf(await h.call('GET', deltaLink));
    expect((changes.value as { id: string }[]).map((c) => c.id)).toEqual([created.id]);
  });

  test("Graph refuses what it would: a non-image body, an empty one, a photo's DELETE", async () => {
    const { id } = await newContact();
    expect(
      (await putPhoto(`/me/contacts/${id}/photo/$value`, Buffer.from('{}'), 'application/json')).status,
    ).toBe(400);
    expect(
      (await putPhoto(`/me/contacts/${id}/photo/$value`, Buffer.from('not an image'), 'image/png')).status,
    ).toBe(400);
    expect((await h.call('DELETE', `/me/contacts/${id}/photo/$value`)).status).toBe(405);
    expect((await h.call('GET', `/me/contacts/${id}/photos/48x48`)).status).toBe(400);
  });

  test('a photo survives export and re-seed (the embedded emulator restarts with it)', async () => {
    const a = await createGraphEmulator({});
    a.seed({
      mailboxes: [
        {
          id: 'user-1',
          contacts: [
            {
              givenName: 'Ann',
              '@emulator.photo': { contentType: 'image/png', base64: TINY_PNG.toString('base64') },
            },
          ],
        },
      ],
    });
    const saved = JSON.parse(JSON.stringify(exportSeed(a.store)));
    const b = await createGraphEmulator({});
    b.seed(saved);
    const [contact] = [...b.store.mailboxes.get('user-1')!.folders.values()].flatMap((f) => [
      ...f.contacts.values(),
    ]);
    expect(contact?.photo?.bytes).toEqual(TINY_PNG);
  });
});
