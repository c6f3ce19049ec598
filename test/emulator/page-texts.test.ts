import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator } from '../../src/emulator/index.js';
import { JsonText, bodyValue } from '../../src/emulator/graph-request.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { serializeContact } from '../../src/emulator/serialize.js';
import { ANN, annFolderSeed, callAsAnn } from './harness.js';

// A list page is written out from each contact's remembered text (serialize.ts contactText): the
// text must be what JSON.stringify gave for the page, and a changed contact must never be
// answered with its old text.

const FOLDER = `AAMkADpagetexts${'A'.repeat(25)}=`;
const BC_ID = 'String {6b5c3a6e-5d2f-4a59-9b4c-0f8e6a1d2c3b} Name BcId';

async function seeded(): Promise<GraphEmulator> {
  const emulator = await createGraphEmulator();
  emulator.seed(
    annFolderSeed(
      FOLDER,
      Array.from({ length: 5 }, (_, i) => ({
        givenName: 'Person',
        surname: `S"${i}\u00e9`,
        jobTitle: 'Buyer',
        emailAddresses: [{ address: `p${i}@example.com`, name: `Person ${i}` }],
        singleValueExtendedProperties: [{ id: BC_ID, value: `bc-${i}` }],
      })),
    ),
  );
  return emulator;
}

const list = `/me/contactFolders/${FOLDER}/contacts`;
const SHAPE = `$top=3&$select=givenName,surname,jobTitle&$expand=singleValueExtendedProperties($filter=id eq '${BC_ID}')`;

describe('a contact list page written from remembered texts', () => {
  test('is the text JSON.stringify gives for the page, nextLink included', async () => {
    const emulator = await seeded();
    const response = await callAsAnn(emulator, 'GET', list, SHAPE);
    expect(response.body).toBeInstanceOf(JsonText);
    const text = (response.body as JsonText).text;
    const page = bodyValue(response.body) as { value: { id: string }[]; '@odata.nextLink': string };
    expect(page.value).toHaveLength(3);
    expect(page['@odata.nextLink']).toContain('$skip=3');
    const folder = emulator.store.findMailbox(ANN.oid)!.folders.get(FOLDER)!;
    const expected = {
      '@odata.context': (JSON.parse(text) as Record<string, unknown>)['@odata.context'],
      value: page.value.map((c) =>
        serializeContact(
          folder.contacts.get(c.id)!,
          ['givenName', 'surname', 'jobTitle'],
          [BC_ID.toLowerCase()],
        ),
      ),
      '@odata.nextLink': page['@odata.nextLink'],
    };
    expect(text).toBe(JSON.stringify(expected));
  });

  test('shows a contact as it is after a change, and each shape its own properties', async () => {
    const emulator = await seeded();
    const before = bodyValue((await callAsAnn(emulator, 'GET', list, SHAPE)).body) as {
      value: { id: string; jobTitle: string; '@odata.etag': string }[];
    };
    const first = before.value[0]!;
    const patched = await callAsAnn(
      emulator,
      'PATCH',
      `/me/contacts/${first.id}`,
      '',
      { jobTitle: 'Chief Buyer' },
      { 'content-type': 'application/json', 'if-match': first['@odata.etag'] },
    );
    expect(patched.status).toBe(200);
    const after = bodyValue((await callAsAnn(emulator, 'GET', list, SHAPE)).body) as typeof before;
    expect(after.value[0]).toMatchObject({ id: first.id, jobTitle: 'Chief Buyer' });
    expect(after.value[0]!['@odata.etag']).not.toBe(first['@odata.etag']);
    expect(after.value.slice(1)).toEqual(before.value.slice(1));
    // Another select: its own properties, not the text remembered for the first shape.
    const other = bodyValue((await callAsAnn(emulator, 'GET', list, '$top=3&$select=surname')).body) as {
      value: Record<string, unknown>[];
    };
    expect(Object.keys(other.value[0]!).sort()).toEqual(['@odata.etag', 'id', 'surname']);
    const again = bodyValue((await callAsAnn(emulator, 'GET', list, SHAPE)).body) as typeof before;
    expect(again).toEqual(after);
  });
});
