/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { BcContactRecord } from '../../src/taskpane/api/types.js';
import { SenderPanel } from '../../src/taskpane/components/SenderPanel/index.js';
import { browserHost, withSenderPicker } from '../../src/taskpane/office/office-host.js';
import { isBcEmail } from '../../src/core/email-address.js';
import { SETTINGS, linkView, mockApi, mockOffice, mockRunner, renderPane } from './harness.js';

const ann = {
  id: 'bc-ann',
  type: 'Person',
  displayName: 'Ann Lee',
  email: 'ann@fabrikam.com',
  city: 'Oulu',
  privacyBlocked: false,
} as unknown as BcContactRecord;

const sender = { name: 'Ann Lee', email: 'ann@fabrikam.com' };

describe('SenderPanel', () => {
  test('asks for a message when none is selected', () => {
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />);
    expect(screen.getByText('Select a message to see whether its sender is synced.')).toBeTruthy();
  });

  test('a linked sender is synced', async () => {
    const api = mockApi({
      findBcContactsByEmail: async () => [ann],
      listLinks: async () => [linkView('bc-ann', 'o')],
    });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, {
      api,
      office: mockOffice(sender),
    });
    expect(await screen.findByText('Ann Lee is a synced Business Central contact.')).toBeTruthy();
  });

  test('out of scope says which rule', async () => {
    const api = mockApi({ findBcContactsByEmail: async () => [ann] });
    renderPane(<SenderPanel settings={{ ...SETTINGS, filter: { city: 'Helsinki' } }} conflicts={[]} />, {
      api,
      office: mockOffice(sender),
    });
    expect(
      await screen.findByText('Ann Lee is in Business Central but not synced: excluded by filter: City.'),
    ).toBeTruthy();
  });

  test('a sender in conflict', async () => {
    const api = mockApi({ findBcContactsByEmail: async () => [ann] });
    const conflicts = [
      {
        bcId: 'bc-ann',
        outlookId: 'o',
        displayName: 'Ann Lee',
        kind: 'fields' as const,
        status: 'open' as const,
        detectedAt: null,
        fields: [],
      },
    ];
    renderPane(<SenderPanel settings={SETTINGS} conflicts={conflicts} />, {
      api,
      office: mockOffice(sender),
    });
    expect(await screen.findByText('Ann Lee has a conflict to resolve.')).toBeTruthy();
  });

  test('F14: a sender whose conflict the rule settled is synced, not "has a conflict to resolve"', async () => {
    const api = mockApi({
      findBcContactsByEmail: async () => [ann],
      listLinks: async () => [linkView('bc-ann', 'o')],
    });
    const settled = {
      bcId: 'bc-ann',
      outlookId: 'o',
      displayName: 'Ann Lee',
      kind: 'fields' as const,
      status: 'settled' as const,
      detectedAt: null,
      fields: [],
    };
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[settled]} />, {
      api,
      office: mockOffice(sender),
    });
    expect(await screen.findByText('Ann Lee is a synced Business Central contact.')).toBeTruthy();
    expect(screen.queryByText('Ann Lee has a conflict to resolve.')).toBeNull();
  });

  test('an unknown sender can be added as a Person, then a sync runs', async () => {
    const api = mockApi();
    const runner = mockRunner();
    const office = mockOffice({ name: 'New Person', email: 'new@fabrikam.com' });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office, runner });
    expect(await screen.findByText('new@fabrikam.com is not a Business Central contact.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add to Business Central and sync' }));
    expect(api.createBcPerson).toHaveBeenCalledWith({ displayName: 'New Person', email: 'new@fabrikam.com' });
    expect(runner.requests).toEqual([{ mode: 'delta', dryRun: false }]);
    expect(await screen.findByText('New Person was added to Business Central.')).toBeTruthy();
  });

  // Tester F135: for the ~10 s of the sync the add starts, the pane said "not a Business Central
  // contact" under "was added"; and "was added" stayed when another message was selected.
  test('F135: after an add the sender is in BC at once; "was added" speaks only of its own sender', async () => {
    const runner = mockRunner();
    // As the facade answers it: a Person (the mock's default answer has no type).
    const api = mockApi({
      createBcPerson: jest.fn(async (d: { displayName: string; email: string }) => ({
        ...ann,
        id: 'new',
        ...d,
      })),
    });
    const office = mockOffice({ name: 'New Person', email: 'new@fabrikam.com' });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office, runner });
    await userEvent.click(await screen.findByRole('button', { name: 'Add to Business Central and sync' }));
    expect(await screen.findByText('New Person was added to Business Central.')).toBeTruthy();
    // The run the add started has not ended (the runner holds it): no contradiction meanwhile.
    expect(screen.getByText('New Person is in Business Central and will sync at the next run.')).toBeTruthy();
    expect(screen.queryByText('new@fabrikam.com is not a Business Central contact.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add to Business Central and sync' })).toBeNull();
    await act(async () => office.changeItem({ name: 'Bo', email: 'bo@x.com' }));
    expect(await screen.findByText('bo@x.com is not a Business Central contact.')).toBeTruthy();
    expect(screen.queryByText('New Person was added to Business Central.')).toBeNull();
  });

  test('F31: a sender whose address is longer than BC\'s E-Mail (Text[80]) is not offered "Add"; says why', async () => {
    const email = `${'a'.repeat(70)}@fabrikam.com`; // 83 characters
    const api = mockApi();
    const office = mockOffice({ name: 'Long Address', email });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office });
    expect(
      await screen.findByText(
        `${email} cannot be added to Business Central: the address has 83 characters, and Business Central’s field E-Mail holds at most 80.`,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add to Business Central and sync' })).toBeNull();
  });

  test('an address of exactly 80 characters can be added', async () => {
    const email = `${'a'.repeat(67)}@fabrikam.com`;
    expect(email).toHaveLength(80);
    const office = mockOffice({ name: 'Fits', email });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { office });
    expect(await screen.findByRole('button', { name: 'Add to Business Central and sync' })).toBeTruthy();
  });

  test('"Add" is disabled while it runs: a double click adds one contact', async () => {
    let finishCreate: () => void = () => undefined;
    const api = mockApi({
      createBcPerson: jest.fn(
        () =>
          new Promise<never>((resolve) => {
            finishCreate = () => resolve({ id: 'new', displayName: 'New Person' } as never);
          }),
      ),
    });
    const office = mockOffice({ name: 'New Person', email: 'new@fabrikam.com' });
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office });
    const add = await screen.findByRole('button', { name: 'Add to Business Central and sync' });
    await userEvent.dblClick(add);
    expect(add.hasAttribute('disabled')).toBe(true);
    await act(async () => finishCreate());
    expect(api.createBcPerson).toHaveBeenCalledTimes(1);
  });

  test('follows the selected item of a pinned pane', async () => {
    const office = mockOffice(null);
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, {
      office,
    });
    await act(async () => office.changeItem({ name: 'Bo', email: 'bo@x.com' }));
    expect(await screen.findByText('bo@x.com is not a Business Central contact.')).toBeTruthy();
  });

  test('development only: a picked sample sender stands in for the selected message', async () => {
    const api = mockApi({
      findBcContactsByEmail: async (email: string) => (email === 'ann@contoso.com' ? [ann] : []),
      listLinks: async () => [linkView('bc-ann', 'o')],
    });
    const office = withSenderPicker(browserHost(window));
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office });
    const picker = screen.getByRole('textbox', { name: /Sample sender \(development only\)/ });
    await userEvent.type(picker, 'ann@contoso.com');
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('Ann Lee is a synced Business Central contact.')).toBeTruthy();
    await userEvent.clear(picker);
    await userEvent.type(picker, 'new@fabrikam.com');
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('new@fabrikam.com is not a Business Central contact.')).toBeTruthy();
  });

  test('F57: the sample sender box takes an internationalized address (non-ASCII local part and domain) as typed', async () => {
    const asked: string[] = [];
    const api = mockApi({
      findBcContactsByEmail: async (email: string) => {
        asked.push(email);
        return [];
      },
    });
    const office = withSenderPicker(browserHost(window));
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { api, office });
    const picker = screen.getByRole<HTMLInputElement>('textbox', {
      name: /Sample sender \(development only\)/,
    });
    await userEvent.type(picker, 'ånna@bücher.de');
    // HTML's type="email" check refused this address, and the browser blocked the form in silence.
    expect(picker.checkValidity()).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('ånna@bücher.de is not a Business Central contact.')).toBeTruthy();
    expect(asked).toContain('ånna@bücher.de');
  });

  test.each([
    ['x<y>@example.com', false],
    ['x@example..com', false],
    ['x.@example.com', false],
    ['x@-a.com', true],
    ['x@[127.0.0.1]', true],
  ])(
    'F70: the sample sender box uses the one e-mail rule (isBcEmail): %s looked up = %s',
    async (address, taken) => {
      expect(isBcEmail(address)).toBe(taken);
      const asked: string[] = [];
      const api = mockApi({
        findBcContactsByEmail: async (email: string) => {
          asked.push(email);
          return [];
        },
      });
      renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, {
        api,
        office: withSenderPicker(browserHost(window)),
      });
      const picker = screen.getByRole('textbox', { name: /Sample sender \(development only\)/ });
      await userEvent.type(
        picker,
        address.replace(/[[{]/g, (c) => c + c),
      );
      await userEvent.click(screen.getByRole('button', { name: 'Show' }));
      if (taken) {
        expect(await screen.findByText(`${address} is not a Business Central contact.`)).toBeTruthy();
        expect(asked).toContain(address);
      } else {
        expect(
          await screen.findByText(`Not an e-mail address Business Central takes: ${address}`),
        ).toBeTruthy();
        expect(asked).toEqual([]);
      }
    },
  );

  test('no picker inside Office (or without the development host)', () => {
    renderPane(<SenderPanel settings={SETTINGS} conflicts={[]} />, { office: mockOffice(null) });
    expect(screen.queryByRole('textbox', { name: /Sample sender/ })).toBeNull();
  });
});
