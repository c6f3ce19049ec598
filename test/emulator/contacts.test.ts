import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { createContact, createFolder, expectGraphError, jsonOf, startHarness } from './harness.js';
import type { Harness } from './harness.js';

const BC_ID = 'String {d3c1a5b0-5c1f-4a5e-9a53-4b7f1c2d3e4f} Name BcContactId';

describe('emulator folders and contacts', () => {
  let h: Harness;
  let folderId: string;
  beforeAll(async () => {
    h = await startHarness();
    folderId = await createFolder(h, 'Business Central');
  });
  afterAll(async () => {
    await h.close();
  });

  test('folder create/find/duplicate 409/delete', async () => {
    await expectGraphError(
      await h.call('POST', '/me/contactFolders', { displayName: 'business central' }),
      409,
      'ErrorFolderExists',
    );
    await createFolder(h, "O'Brien");
    const found = await jsonOf(
      await h.call('GET', `/me/contactFolders?$filter=${encodeURIComponent("displayName eq 'O''Brien'")}`),
    );
    expect((found.value as { displayName: string }[]).map((f) => f.displayName)).toEqual(["O'Brien"]);
    const selected = await jsonOf(await h.call('GET', '/me/contactFolders?$top=1&$select=displayName'));
    expect(selected.value).toEqual([{ id: folderId, displayName: 'Business Central' }]);
    await expectGraphError(
      await h.call('GET', `/me/contactFolders?$filter=${encodeURIComponent("startswith(displayName,'B')")}`),
      400,
      'ErrorInvalidUrlQueryFilter',
    );

    const temp = await createFolder(h, 'Temp');
    const contact = await createContact(h, temp, { givenName: 'Gone' });
    expect((await h.call('DELETE', `/me/contactFolders/${temp}`)).status).toBe(204);
    // In Deleted Items the contact keeps its id; permanentDelete removes folder and contacts.
    expect((await h.call('GET', `/me/contacts/${contact.id as string}`)).status).toBe(200);
    expect((await h.call('POST', `/me/contactFolders/${temp}/permanentDelete`)).status).toBe(204);
    await expectGraphError(
      await h.call('GET', `/me/contacts/${contact.id as string}`),
      404,
      'ErrorItemNotFound',
    );
  });

  // Graph's DELETE of a contact folder moves it to Deleted Items with its id (contactfolder-delete
  // beside contactfolder-permanentdelete): a GET by id and a delta on it keep answering 200, the
  // Contacts list no longer shows it, its name is free again; a second DELETE removes it for good.
  test('a deleted folder moves to Deleted Items: id, contacts and delta kept; a second delete purges it', async () => {
    const gone = await createFolder(h, 'Soon deleted');
    await createContact(h, gone, { givenName: 'Kept' });
    const round = await jsonOf(await h.call('GET', `/me/contactFolders/${gone}/contacts/delta`));
    const deltaLink = String(round['@odata.deltaLink']);
    expect((await h.call('DELETE', `/me/contactFolders/${gone}`)).status).toBe(204);

    const got = await jsonOf(await h.call('GET', `/me/contactFolders/${gone}`));
    expect(got).toEqual(expect.objectContaining({ id: gone, displayName: 'Soon deleted' }));
    const top = await jsonOf(await h.call('GET', '/me/contactFolders'));
    expect((top.value as { id: string }[]).map((f) => f.id)).not.toContain(gone);
    expect(got.parentFolderId).not.toBe((top.value as { parentFolderId: string }[])[0]?.parentFolderId);
    const next = await h.call('GET', deltaLink.replace(/^.*\/v1\.0/, ''));
    expect(next.status).toBe(200);
    expect((await jsonOf(next)).value).toEqual([]);
    const listed = await jsonOf(await h.call('GET', `/me/contactFolders/${gone}/contacts`));
    expect((listed.value as { givenName: string }[]).map((c) => c.givenName)).toEqual(['Kept']);
    const again = await createFolder(h, 'Soon deleted');
    expect(again).not.toBe(gone);

    expect((await h.call('DELETE', `/me/contactFolders/${gone}`)).status).toBe(204);
    await expectGraphError(await h.call('GET', `/me/contactFolders/${gone}`), 404, 'ErrorItemNotFound');
  });

  test('PATCH /contactFolders/{id} renames the folder: found by its id and its new name, contacts stay', async () => {
    const id = await createFolder(h, 'Rename me');
    const contact = await createContact(h, id, { givenName: 'Stays' });
    const renamed = await h.call('PATCH', `/me/contactFolders/${id}`, { displayName: 'Renamed by the user' });
    expect(renamed.status).toBe(200);
    expect(await jsonOf(renamed)).toMatchObject({ id, displayName: 'Renamed by the user' });
    const byName = await jsonOf(
      await h.call(
        'GET',
        `/me/contactFolders?$filter=${encodeURIComponent("displayName eq 'Renamed by the user'")}`,
      ),
    );
    expect((byName.value as { id: string }[]).map((f) => f.id)).toEqual([id]);
    const old = await jsonOf(
      await h.call('GET', `/me/contactFolders?$filter=${encodeURIComponent("displayName eq 'Rename me'")}`),
    );
    expect(old.value).toEqual([]);
    const inside = await jsonOf(await h.call('GET', `/me/contactFolders/${id}/contacts`));
    expect((inside.value as { id: string }[]).map((c) => c.id)).toEqual([contact.id]);
    // A sibling's name is taken (409 as on create); bad bodies are 400s.
    await expectGraphError(
      await h.call('PATCH', `/me/contactFolders/${id}`, { displayName: 'business central' }),
      409,
      'ErrorFolderExists',
    );
    await expectGraphError(
      await h.call('PATCH', `/me/contactFolders/${id}`, { displayName: ' ' }),
      400,
      'ErrorInvalidArgument',
    );
    await expectGraphError(
      await h.call('PATCH', `/me/contactFolders/${id}`, { color: 'red' }),
      400,
      'RequestBodyRead',
    );
  });

  test('create returns 201 with Graph shape; get/patch/delete round-trip every property', async () => {
    const full = {
      givenName: 'Ann',
      middleName: 'B',
      surname: 'Lee',
      displayName: 'Dr Ann Lee',
      initials: 'AL',
      nickName: 'Annie',
      title: 'Dr',
      generation: 'Jr',
      fileAs: 'Lee, Ann',
      yomiGivenName: 'an',
      yomiSurname: 'ri',
      yomiCompanyName: 'ko',
      emailAddresses: [{ name: 'Ann', address: 'ann@x.com' }],
      businessPhones: ['+1 1', '+1 2'],
      homePhones: ['+1 3'],
      mobilePhone: '+1 4',
      categories: ['VIP'],
      imAddresses: ['ann@im'],
      children: ['Kid'],
      companyName: 'Contoso',
      department: 'Sales',
      jobTitle: 'Boss',
      officeLocation: 'HQ',
      profession: 'Seller',
      manager: 'Max',
      assistantName: 'Asa',
      spouseName: 'Sam',
      businessHomePage: 'https://contoso.test',
      personalNotes: 'note',
      businessAddress: {
        street: '1 Main',
        city: 'Town',
        state: 'ST',
        countryOrRegion: 'Freedonia',
        postalCode: '123',
      },
      homeAddress: { city: 'Home' },
      birthday: '1980-02-03T00:00:00Z',
    };
    const created = await createContact(h, folderId, full);
    expect(created).toEqual(expect.objectContaining({ ...full, otherAddress: {}, parentFolderId: folderId }));
    expect(created['@odata.etag']).toBe(`W/"${created.changeKey as string}"`);
    expect(created.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const bare = await createContact(h, folderId, { surname: 'Solo' });
    expect(bare).toEqual(
      expect.objectContaining({
        middleName: null,
        emailAddresses: [],
        otherAddress: {},
        displayName: 'Solo',
      }),
    );

    const id = created.id as string;
    const got = await jsonOf(await h.call('GET', `/me/contactFolders/${folderId}/contacts/${id}`));
    expect(got).toEqual(expect.objectContaining({ ...full, id }));
    const patched = await h.call('PATCH', `/me/contacts/${id}`, {
      jobTitle: 'CEO',
      displayName: 'Dr Ann Lee',
    });
    expect(patched.status).toBe(200);
    const after = await jsonOf(patched);
    expect(after).toEqual(expect.objectContaining({ ...full, jobTitle: 'CEO' }));
    expect(after.changeKey).not.toBe(created.changeKey);

    const deleted = await h.call('DELETE', `/me/contactFolders/${folderId}/contacts/${id}`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    await expectGraphError(await h.call('GET', `/me/contacts/${id}`), 404, 'ErrorItemNotFound');
  });

  test('displayName is generated on create and regenerated when a name part changes', async () => {
    const c = await createContact(h, folderId, { givenName: 'Eve', middleName: 'M', surname: 'Ng' });
    expect(c.displayName).toBe('Eve M Ng');
    const kept = await jsonOf(
      await h.call('PATCH', `/me/contacts/${c.id as string}`, { displayName: 'Custom' }),
    );
    expect(kept.displayName).toBe('Custom');
    const other = await jsonOf(await h.call('PATCH', `/me/contacts/${c.id as string}`, { jobTitle: 'x' }));
    expect(other.displayName).toBe('Custom');
    const renamed = await jsonOf(await h.call('PATCH', `/me/contacts/${c.id as string}`, { surname: 'Wu' }));
    expect(renamed.displayName).toBe('Eve M Wu');
    const both = await jsonOf(
      await h.call('PATCH', `/me/contacts/${c.id as string}`, { surname: 'Xu', displayName: 'Keep Me' }),
    );
    expect(both.displayName).toBe('Keep Me');
  });

  test('If-Match: matching etag and * succeed, stale etag is 412 ErrorIrresolvableConflict', async () => {
    const c = await createContact(h, folderId, { givenName: 'Etag' });
    const url = `/me/contacts/${c.id as string}`;
    const ok = await h.call(
      'PATCH',
      url,
      { jobTitle: 'a' },
      { headers: { 'if-match': c['@odata.etag'] as string } },
    );
    expect(ok.status).toBe(200);
    const stale = await h.call(
      'PATCH',
      url,
      { jobTitle: 'b' },
      { headers: { 'if-match': c['@odata.etag'] as string } },
    );
    await expectGraphError(
      stale,
      412,
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    );
    await expectGraphError(
      await h.call('DELETE', url, undefined, { headers: { 'if-match': c['@odata.etag'] as string } }),
      412,
      'ErrorIrresolvableConflict',
    );
    expect((await h.call('PATCH', url, { jobTitle: 'c' }, { headers: { 'if-match': '*' } })).status).toBe(
      200,
    );
    expect((await h.call('PATCH', url, { jobTitle: 'd' })).status).toBe(200);
  });

  test('400s: collection limits with the observed messages, unknown and read-only properties', async () => {
    const emails = [1, 2, 3, 4].map((i) => ({ address: `e${i}@x.com` }));
    await expectGraphError(
      await h.call('POST', `/me/contactFolders/${folderId}/contacts`, { emailAddresses: emails }),
      400,
      'ErrorInvalidArgument',
      'The multi value property EmailAddresses has 4 entries, that exceeds the max allowed value of 3',
    );
    await expectGraphError(
      await h.call('POST', '/me/contacts', { businessPhones: ['1', '2', '3'] }),
      400,
      'ErrorInvalidArgument',
      'The multi value property BusinessPhones has 3 entries, that exceeds the max allowed value of 2',
    );
    const c = await createContact(h, folderId, { givenName: 'Lim' });
    await expectGraphError(
      await h.call('PATCH', `/me/contacts/${c.id as string}`, { homePhones: ['1', '2', '3'] }),
      400,
      'ErrorInvalidArgument',
      'The multi value property HomePhones has 3 entries, that exceeds the max allowed value of 2',
    );
    await expectGraphError(
      await h.call('POST', '/me/contacts', { givenName: 'x', foo: 1 }),
      400,
      'RequestBodyRead',
      /^The property 'foo' does not exist on type 'microsoft.graph.contact'/,
    );
    await expectGraphError(
      await h.call('PATCH', `/me/contacts/${c.id as string}`, { id: 'x' }),
      400,
      'ErrorInvalidPropertySet',
    );
    await expectGraphError(
      await h.call('POST', '/me/contacts', { changeKey: 'x' }),
      400,
      'ErrorInvalidPropertySet',
    );
    await expectGraphError(await h.call('POST', '/me/contacts', { givenName: 5 }), 400, 'RequestBodyRead');
    // A JSON body declared in another charset is refused, not read as UTF-8 (attacker pass, fault 3).
    await expectGraphError(
      await h.call(
        'POST',
        '/me/contacts',
        { givenName: 'x' },
        { headers: { 'content-type': 'application/json; charset=utf-16' } },
      ),
      415,
      'UnsupportedMediaType',
      "The charset 'utf-16' is not accepted here; send application/json in UTF-8 (charset=utf-8 or none).",
    );
  });

  test('paging: default 10, $top page size, absolute nextLink with $skip and original options; $top > 1000 is 400', async () => {
    const folder = await createFolder(h, 'Paging');
    for (let i = 0; i < 25; i++)
      await createContact(h, folder, { givenName: `P${String(i).padStart(2, '0')}` });
    const first = await jsonOf(await h.call('GET', `/me/contactFolders/${folder}/contacts`));
    expect((first.value as unknown[]).length).toBe(10);
    expect(first['@odata.nextLink']).toBe(`${h.base}/me/contactFolders/${folder}/contacts?$skip=10`);

    const names: string[] = [];
    let link: string | undefined = `${h.base}/me/contactFolders/${folder}/contacts?$top=7&$select=givenName`;
    const links: string[] = [];
    while (link) {
      links.push(link);
      const page = await jsonOf(await h.call('GET', link));
      for (const c of page.value as Record<string, unknown>[]) {
        expect(Object.keys(c).sort()).toEqual(['@odata.etag', 'givenName', 'id']);
        names.push(c.givenName as string);
      }
      link = page['@odata.nextLink'] as string | undefined;
    }
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `P${String(i).padStart(2, '0')}`));
    expect(links[1]).toBe(`${h.base}/me/contactFolders/${folder}/contacts?$top=7&$select=givenName&$skip=7`);
    expect(links).toHaveLength(4);

    await expectGraphError(
      await h.call('GET', `/me/contactFolders/${folder}/contacts?$top=1001`),
      400,
      'ErrorInvalidUrlQuery',
    );
    expect((await h.call('GET', `/me/contactFolders/${folder}/contacts?$top=1000`)).status).toBe(200);
  });

  test('$orderby=lastModifiedDateTime desc with $top: the newest first, contacts of one second in folder order', async () => {
    // A delta's reported contacts are read as the folder's newest (graph/contact-reads.ts readReported).
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    const timed = await startHarness({ now: () => now });
    try {
      const folder = await createFolder(timed, 'Ordered');
      const ids: string[] = [];
      for (const [n, at] of [0, 0, 1000, 1000, 1500, 3000].entries()) {
        now = Date.parse('2026-03-01T10:00:00.000Z') + at;
        ids.push((await createContact(timed, folder, { givenName: `O${n}` })).id as string);
      }
      now += 60_000;
      // An edit makes the first contact the newest.
      const edited = await timed.call('PATCH', `/me/contactFolders/${folder}/contacts/${ids[0]}`, {
        jobTitle: 'Edited',
      });
      expect(edited.status).toBe(200);
      const names = async (query: string) => {
        const page = await jsonOf(await timed.call('GET', `/me/contactFolders/${folder}/contacts?${query}`));
        return (page.value as { givenName: string }[]).map((c) => c.givenName);
      };
      expect(await names('$orderby=lastModifiedDateTime%20desc&$top=4&$select=givenName')).toEqual([
        'O0',
        'O5',
        'O2',
        'O3',
      ]);
      expect(await names('$orderby=lastModifiedDateTime&$select=givenName')).toEqual([
        'O1',
        'O2',
        'O3',
        'O4',
        'O5',
        'O0',
      ]);
    } finally {
      await timed.close();
    }
  });

  test('$filter by e-mail address (case-insensitive); other filters are 400', async () => {
    const folder = await createFolder(h, 'Filter');
    const c = await createContact(h, folder, {
      givenName: 'Mail',
      emailAddresses: [{ address: "O'Neil@X.com" }],
    });
    await createContact(h, folder, { givenName: 'Other', emailAddresses: [{ address: 'other@x.com' }] });
    const filter = encodeURIComponent("emailAddresses/any(a:a/address eq 'o''neil@x.COM')");
    const found = await jsonOf(
      await h.call('GET', `/me/contactFolders/${folder}/contacts?$filter=${filter}`),
    );
    expect((found.value as { id: string }[]).map((x) => x.id)).toEqual([c.id]);
    await expectGraphError(
      await h.call(
        'GET',
        `/me/contactFolders/${folder}/contacts?$filter=${encodeURIComponent("givenName eq 'Mail'")}`,
      ),
      400,
      'ErrorInvalidUrlQueryFilter',
    );
  });

  test('single-value extended properties: stored on POST/PATCH, returned only via $expand', async () => {
    const c = await createContact(h, folderId, {
      givenName: 'Ext',
      singleValueExtendedProperties: [
        { id: BC_ID, value: 'BC-1' },
        { id: 'String 0x3A24', value: 'Note' },
      ],
    });
    expect(c.singleValueExtendedProperties).toBeUndefined();
    const expand = encodeURIComponent(
      `singleValueExtendedProperties($filter=id eq '${BC_ID.toUpperCase()}')`,
    );
    const url = `/me/contactFolders/${folderId}/contacts/${c.id as string}?$expand=${expand}`;
    expect((await jsonOf(await h.call('GET', url))).singleValueExtendedProperties).toEqual([
      { id: BC_ID, value: 'BC-1' },
    ]);
    await h.call('PATCH', `/me/contacts/${c.id as string}`, {
      singleValueExtendedProperties: [{ id: BC_ID, value: 'BC-2' }],
    });
    expect((await jsonOf(await h.call('GET', url))).singleValueExtendedProperties).toEqual([
      { id: BC_ID, value: 'BC-2' },
    ]);
    const list = await jsonOf(
      await h.call('GET', `/me/contactFolders/${folderId}/contacts?$top=100&$expand=${expand}`),
    );
    const withProp = (list.value as Record<string, unknown>[]).filter((x) => x.singleValueExtendedProperties);
    expect(withProp.map((x) => x.id)).toEqual([c.id]);
  });
});
