/**
 * A review of 50a50a9: after every kind of change a stored contact can undergo (PATCH of
 * plain, collection and extended properties, a photo, delete + a contact re-seeded under the same
 * id, reset + re-seed, a PATCH refused by If-Match), a list page is exactly what serializing the
 * store afresh gives: the remembered texts never answer an old state.
 */
import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator } from '../../src/emulator/index.js';
import { bodyValue } from '../../src/emulator/graph-request.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { serializeContact } from '../../src/emulator/serialize.js';
import { ANN, callAsAnn } from './harness.js';

const FOLDER = `AAMkADreviewtxt${'A'.repeat(25)}=`;
const BC_ID = 'String {6b5c3a6e-5d2f-4a59-9b4c-0f8e6a1d2c3b} Name BcId'; // 1x1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const ids = Array.from({ length: 4 }, (_, i) => `AAMkAGI2review${String(i).padStart(30, 'x')}=`);
const seedOf = (tag: string) => ({
  mailboxes: [
    {
      id: ANN.oid,
      upn: ANN.upn,
      folders: [
        {
          id: FOLDER,
          displayName: 'Business Central',
          contacts: ids.map((id, i) => ({
            id,
            givenName: `P${i}`,
            surname: tag,
            emailAddresses: [{ address: `p${i}@example.com`, name: `P ${i}` }],
            singleValueExtendedProperties: [{ id: BC_ID, value: `bc-${i}-${tag}` }],
          })),
        },
      ],
    },
  ],
});

const SHAPES = [
  `$top=10&$select=givenName,surname,emailAddresses,businessPhones&$expand=singleValueExtendedProperties($filter=id eq '${BC_ID}')`,
  '$top=10',
];

async function expectFresh(e: GraphEmulator): Promise<void> {
  for (const shape of SHAPES) {
    const page = bodyValue(
      (await callAsAnn(e, 'GET', `/me/contactFolders/${FOLDER}/contacts`, shape)).body,
    ) as {
      value: { id: string }[];
    };
    const folder = e.store.findMailbox(ANN.oid)!.folders.get(FOLDER)!;
    const select = shape.includes('$select')
      ? ['givenName', 'surname', 'emailAddresses', 'businessPhones']
      : null;
    const expand = shape.includes('$expand') ? [BC_ID.toLowerCase()] : null;
    expect(page.value).toEqual(
      [...folder.contacts.values()].map((c) =>
        JSON.parse(JSON.stringify(serializeContact(c, select, expand))),
      ),
    );
  }
}

describe('remembered page texts follow every change (review)', () => {
  test('PATCH, extended property, photo, refused PATCH, delete + re-seed, reset + re-seed', async () => {
    const e = await createGraphEmulator();
    e.seed(seedOf('one'));
    await expectFresh(e);
    const json = { 'content-type': 'application/json' };

    await callAsAnn(e, 'PATCH', `/me/contacts/${ids[0]}`, '', { businessPhones: ['+358 1'] }, json);
    await expectFresh(e);
    await callAsAnn(
      e,
      'PATCH',
      `/me/contacts/${ids[1]}`,
      '',
      { singleValueExtendedProperties: [{ id: BC_ID, value: 'changed' }] },
      json,
    );
    await expectFresh(e);
    await callAsAnn(
      e,
      'PATCH',
      `/me/contacts/${ids[1]}`,
      '',
      { emailAddresses: [{ address: 'new@example.com' }] },
      json,
    );
    await expectFresh(e);
    const refused = await callAsAnn(
      e,
      'PATCH',
      `/me/contacts/${ids[2]}`,
      '',
      { surname: 'nope' },
      { ...json, 'if-match': 'W/"EQAAABYAAADnotit"' },
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await expectFresh(e);
    const photo = await callAsAnn(e, 'PUT', `/me/contacts/${ids[2]}/photo/$value`, '', PNG, {
      'content-type': 'image/png',
    });
    expect(photo.status).toBeLessThan(300);
    await expectFresh(e);
    // Delete, then a contact of the same id comes back (seed) with other values.
    expect((await callAsAnn(e, 'DELETE', `/me/contacts/${ids[3]}`)).status).toBe(204);
    await expectFresh(e);
    e.reset();
    e.seed(seedOf('two'));
    await expectFresh(e);
  });
});
