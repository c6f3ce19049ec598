import { afterEach, describe, expect, jest, test } from '@jest/globals';
import {
  HOSTED_READY_MS,
  initOffice,
  officeAsync,
  officeHost,
} from '../../src/taskpane/office/office-host.js';

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

  test('a plain browser (no host hint) gets its host at once: it never waits for Office.onReady', async () => {
    const page = {
      location: { search: '?lang=en' },
      name: '',
      navigator: { language: 'sv-SE' },
      matchMedia: () => ({ matches: false }),
    } as unknown as Window;
    (globalThis as Global).Office = fakeOffice('Outlook', { onReady: () => new Promise(() => undefined) });
    // Far longer than the race below: waiting for onReady at all would lose it.
    const host = officeHost(page, 600_000);
    const later = new Promise((resolve) => setTimeout(() => resolve('waited'), 50));
    const first = await Promise.race([host, later]);
    expect(first).not.toBe('waited');
    expect((await host).inOffice).toBe(false);
    expect((await host).displayLanguage).toBe('sv-SE');
  });

  test('with a host hint (Outlook on the web: _host_Info) it waits for Office.onReady and is Outlook', async () => {
    const page = {
      location: { search: '?_host_Info=Outlook$Web$16.01$en-US$$$$0' },
      name: '',
    } as unknown as Window;
    (globalThis as Global).Office = fakeOffice('Outlook');
    const host = await officeHost(page, 10);
    expect(host.inOffice).toBe(true);
    expect(host.userEmail).toBe('ann@contoso.com');
  });

  test('with a host hint it keeps waiting for a slow onReady past 3 s (a cold Outlook host) and is Outlook', async () => {
    jest.useFakeTimers();
    try {
      const page = {
        location: { search: '?_host_Info=Outlook$Win32$16.02$en-US$$$$0' },
        name: '',
      } as unknown as Window;
      let ready!: (info: { host: string; platform: null }) => void;
      const answered = new Promise<{ host: string; platform: null }>((resolve) => (ready = resolve));
      (globalThis as Global).Office = fakeOffice('Outlook', { onReady: () => answered });
      const host = officeHost(page);
      await jest.advanceTimersByTimeAsync(HOSTED_READY_MS - 1);
      ready({ host: 'Outlook', platform: null });
      expect((await host).inOffice).toBe(true);
    } finally {
      jest.useRealTimers();
    }
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
