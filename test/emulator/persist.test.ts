import { describe, expect, test } from '@jest/globals';
import { createGraphEmulator, exportSeed } from '../../src/emulator/index.js';

describe('emulator persistence', () => {
  test('exportSeed → seed restores mailboxes, folders, contacts and extended properties with their ids', async () => {
    const a = await createGraphEmulator({});
    a.seed({
      mailboxes: [
        {
          id: 'user-1',
          upn: 'ann@contoso.com',
          folders: [
            {
              displayName: 'Business Central',
              contacts: [
                {
                  givenName: 'Ann',
                  surname: 'Lee',
                  emailAddresses: [{ address: 'ann@x.com', name: 'Ann' }],
                  singleValueExtendedProperties: [{ id: 'String 0x3A24', value: '+1 555' }],
                },
              ],
            },
          ],
        },
      ],
    });
    const saved = JSON.parse(JSON.stringify(exportSeed(a.store)));
    const b = await createGraphEmulator({});
    b.seed(saved);
    expect(exportSeed(b.store)).toEqual(saved);
    const folder = saved.mailboxes[0].folders[0];
    expect(folder.displayName).toBe('Business Central');
    expect(folder.contacts[0]).toMatchObject({
      givenName: 'Ann',
      singleValueExtendedProperties: [{ id: 'String 0x3A24', value: '+1 555' }],
    });
    expect(b.store.findMailbox('ann@contoso.com')?.id).toBe('user-1');
  });
});
