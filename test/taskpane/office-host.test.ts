import { afterEach, describe, expect, test } from '@jest/globals';
import { initOffice, officeAsync } from '../../src/taskpane/office/office-host.js';

type Global = { Office?: unknown };

const fakeOffice = (host: string | null, extra: object = {}) => ({
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  EventType: { ItemChanged: 'olkItemSelectedChanged' },
  onReady: async () => ({ host, platform: null }),
  context: {
    displayLanguage: 'fi-FI',
    officeTheme: { bodyBackgroundColor: '#1f1f1f' },
    mailbox: {
      userProfile: { emailAddress: 'ann@contoso.com' },
      item: { from: { displayName: 'Bo Ek', emailAddress: 'bo@fabrikam.com' } },
      addHandlerAsync: (_t: string, _h: () => void, cb: (r: object) => void) => cb({ status: 'succeeded' }),
    },
    requirements: { isSetSupported: () => true },
  },
  ...extra,
});

afterEach(() => {
  delete (globalThis as Global).Office;
});

describe('office host', () => {
  test('outside Office (no office.js) it is a plain browser host', async () => {
    (globalThis as { window?: unknown }).window ??= { navigator: { language: 'sv-SE' } };
    const host = await initOffice(10);
    expect(host.inOffice).toBe(false);
    expect(host.currentSender()).toBeNull();
  });

  test('inside Outlook: language, theme, user, sender', async () => {
    (globalThis as Global).Office = fakeOffice('Outlook');
    const host = await initOffice(10);
    expect(host.inOffice).toBe(true);
    expect(host.displayLanguage).toBe('fi-FI');
    expect(host.dark).toBe(true);
    expect(host.userEmail).toBe('ann@contoso.com');
    expect(host.currentSender()).toEqual({ name: 'Bo Ek', email: 'bo@fabrikam.com' });
    await expect(host.onItemChanged(() => undefined)).resolves.toBeUndefined();
  });

  test('a never-resolving onReady (office.js blocked) falls back after the timeout', async () => {
    (globalThis as { window?: unknown }).window ??= { navigator: { language: 'en' } };
    (globalThis as Global).Office = fakeOffice('Outlook', { onReady: () => new Promise(() => undefined) });
    expect((await initOffice(10)).inOffice).toBe(false);
  });

  test('officeAsync rejects with an Error carrying the Office code', async () => {
    (globalThis as Global).Office = fakeOffice('Outlook');
    const failing = officeAsync<void>((cb) =>
      cb({ status: 'failed', error: { code: 9002, message: 'Internal error' } } as never),
    );
    await expect(failing).rejects.toThrow(new Error('Office error 9002: Internal error'));
    await expect(officeAsync<number>((cb) => cb({ status: 'succeeded', value: 7 } as never))).resolves.toBe(
      7,
    );
    await expect(
      officeAsync<void>(() => {
        throw new Error('sync throw');
      }),
    ).rejects.toBeInstanceOf(Error);
  });
});
