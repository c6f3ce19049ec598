import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { foldEmailCase } from '../../src/pure/email-fold.js';
import { normalizeEmail } from '../../src/core/model.js';
import { createContact, createFolder, jsonOf, startHarness } from './harness.js';
import type { Harness } from './harness.js';

/*
 * Brief emailfold, the emulated Graph's side: `emailAddresses/any(a:a/address eq …)` compared by
 * toLowerCase, while the engine asks by normalizeEmail's key (pure/email-fold.ts). ΣΟΦΙΑΣ lowers to
 * σοφιας, the key is σοφιασ: the engine's look-up missed the copy and could create another. Now the
 * emulator compares by the same folding.
 */
const STORED = [
  'ΣΟΦΙΑΣ@ellas.example',
  'σοφιας@ellas.example',
  'İlker@x.example',
  'ilker@x.example',
  'Işık@x.example',
  'STRAUß@x.example',
  'µ@x.example',
  'Anna@X.example',
];
const QUERIES = [
  ...STORED,
  'σοφιασ@ellas.example',
  'ışik@x.example',
  'strauss@x.example',
  'Μ@x.example',
  'ANNA@x.example',
];

describe('the emulated Graph finds by address what the engine folding calls one', () => {
  let h: Harness;
  let folder: string;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    h = await startHarness();
    folder = await createFolder(h, 'Business Central');
    for (const address of STORED)
      ids.set(
        address,
        (await createContact(h, folder, { emailAddresses: [{ address, name: '' }] })).id as string,
      );
  });
  afterAll(async () => h.close());

  const found = async (address: string): Promise<string[]> => {
    const filter = encodeURIComponent(
      `emailAddresses/any(a:a/address eq '${address.replaceAll("'", "''")}')`,
    );
    const body = await jsonOf(await h.call('GET', `/me/contactFolders/${folder}/contacts?$filter=${filter}`));
    return (body.value as { id: string }[]).map((c) => c.id).sort();
  };

  test.each(QUERIES)('address eq %s', async (q) => {
    const want = STORED.filter((s) => foldEmailCase(s) === foldEmailCase(q)).map((s) => ids.get(s)!);
    expect(await found(q)).toEqual(want.sort());
  });

  test('the example: asked by the engine key of ΣΟΦΙΑΣ, it finds both final-sigma spellings', async () => {
    const want = [ids.get('ΣΟΦΙΑΣ@ellas.example')!, ids.get('σοφιας@ellas.example')!];
    expect(await found(normalizeEmail('ΣΟΦΙΑΣ@ellas.example'))).toEqual(want.sort());
  });
});
