/** @jest-environment jsdom */
/**
 * F62: 1,500 open conflicts rendered 1,500 cards (a 154,392 px page). The panel now shows the
 * counts, a find box, a page of each group at a time and a choice for all the waiting ones listed.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MESSAGES } from '../messages/catalogs.js';
import { ApiError } from '../../src/taskpane/api/http.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { CONFLICT_PAGE } from '../../src/taskpane/components/ConflictsPanel/PageNav.js';
import { resolveEach } from '../../src/taskpane/components/ConflictsPanel/bulk-resolve.js';
import { LANGS } from '../../src/messages/langs.js';
import { renderConflicts } from './harness.js';

const person = (i: number, status: 'open' | 'settled' = 'open'): ConflictView => ({
  bcId: `bc-${i}`,
  outlookId: `ol-${i}`,
  displayName: `Person ${String(i).padStart(4, '0')}`,
  kind: 'fields',
  status,
  detectedAt: null,
  email: `buyer${i}@northwind.example`,
  fields: [
    {
      field: i % 2 === 0 ? 'jobTitle' : 'email',
      base: `old${i}@contoso.com`,
      bc: i % 2 === 0 ? `Buyer ${i}` : `p${i}@contoso.com`,
      outlook: i % 2 === 0 ? `Lead ${i}` : `p${i}@fabrikam.com`,
      winner: status === 'open' ? 'none' : 'bc',
    },
  ],
});
const OPEN = Array.from({ length: 1500 }, (_, i) => person(i));
const SETTLED = Array.from({ length: 12 }, (_, i) => person(2000 + i, 'settled'));

const find = async (text: string): Promise<void> => {
  const box = screen.getByRole('searchbox', { name: /Find a conflict/ });
  await userEvent.clear(box);
  if (text) await userEvent.type(box, text);
};

describe('F62: many conflicts', () => {
  test('1,500 open conflicts: the counts, and one page of each group, not 1,512 cards', async () => {
    renderConflicts([...OPEN, ...SETTLED]);
    expect(screen.getByRole('region', { name: 'Settled by your rule (12)' })).toBeTruthy();
    // The counts are said by the section's heading (App) and the groups' titles, not a third time.
    expect(screen.queryByText('1,500 open, 12 settled')).toBeNull();
    expect(screen.getAllByRole('listitem')).toHaveLength(CONFLICT_PAGE * 2);
    const waiting = screen.getByRole('region', { name: 'Waiting for your choice (1,500)' });
    expect(within(waiting).getByRole('navigation', { name: '1–10 of 1,500' })).toBeTruthy();
    await userEvent.click(within(waiting).getByRole('button', { name: 'Next' }));
    expect(within(waiting).getByRole('navigation', { name: '11–20 of 1,500' })).toBeTruthy();
    expect(within(waiting).getByRole('listitem', { name: 'Person 0010' })).toBeTruthy();
    expect(within(waiting).queryByRole('listitem', { name: 'Person 0000' })).toBeNull();
    await userEvent.click(within(waiting).getByRole('button', { name: 'Previous' }));
    expect(within(waiting).getByRole('listitem', { name: 'Person 0000' })).toBeTruthy();
  });

  test('a group of one page has no page navigation', () => {
    renderConflicts(OPEN.slice(0, CONFLICT_PAGE));
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  test.each([
    ['a name', 'person 0042', ['Person 0042']],
    ['its e-mail, though e-mail is not what conflicts', 'BUYER42@northwind', ['Person 0042']],
    ['an e-mail value on either side', 'P43@FABRIKAM', ['Person 0043']],
    ['the last synced value', 'old1499@', ['Person 1499']],
    ['a value on one side', 'Lead 1498', ['Person 1498']],
  ])('finds by %s', async (_kind, text, names) => {
    renderConflicts(OPEN);
    await find(text);
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(names);
    expect(screen.getByText(`1 conflict matches "${text}".`)).toBeTruthy();
  });

  test('a find that matches nothing says so; clearing it lists all again from page one', async () => {
    renderConflicts(OPEN);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await find('nobody here');
    expect(screen.getByText('No conflict matches "nobody here".')).toBeTruthy();
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    await find('');
    expect(screen.getByRole('navigation', { name: '1–10 of 1,500' })).toBeTruthy();
  });

  // Every language finds by the field's caption as it shows it.
  test.each(LANGS)('finds by the field caption in %s', async (lang) => {
    renderConflicts(OPEN.slice(0, 4), {}, lang);
    const caption = MESSAGES[lang].field_jobTitle;
    const box = screen.getByRole('searchbox');
    await userEvent.type(box, caption);
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      'Person 0000',
      'Person 0002',
    ]);
  });

  test('the bulk choice asks first with the count, then resolves every listed waiting one', async () => {
    const resolveInBulk = jest.fn(async (_bcId: string, _side: 'bc' | 'outlook') => undefined);
    const onBulkDone = jest.fn(async () => undefined);
    renderConflicts([...OPEN, ...SETTLED], { resolveInBulk, onBulkDone });
    await find('fabrikam');
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Outlook for all 750 listed' }));
    expect(resolveInBulk).not.toHaveBeenCalled();
    const ask = screen.getByText(/are written to Business Central/);
    expect(ask.textContent).toContain('all 750 conflicts');
    expect(document.activeElement?.contains(ask)).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(resolveInBulk).not.toHaveBeenCalled();

    await userEvent.click(await screen.findByRole('button', { name: 'Keep Outlook for all 750 listed' }));
    await userEvent.click(screen.getByRole('button', { name: 'Keep Outlook for 750 conflicts' }));
    const status = await screen.findByText('750 conflicts resolved.');
    expect(resolveInBulk).toHaveBeenCalledTimes(750);
    expect(
      resolveInBulk.mock.calls.every(([id, side]) => Number(id.slice(3)) % 2 === 1 && side === 'outlook'),
    ).toBe(true);
    // The settled ones are not the bulk's: they have their own Accept.
    expect(resolveInBulk.mock.calls.some(([id]) => Number(id.slice(3)) >= 2000)).toBe(false);
    expect(onBulkDone).toHaveBeenCalledTimes(1);
    expect(status.closest('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
    expect(document.activeElement).toBe(status.closest('[role="status"]'));
  });

  test('Keep Business Central says how many Outlook contacts it deletes', async () => {
    const gone: ConflictView = {
      ...person(7),
      kind: 'deletedInBc',
      reason: { kind: 'bcDeleted' },
    } as ConflictView;
    renderConflicts([gone, ...OPEN.slice(0, 3)]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Keep Business Central for all 4 listed' }),
    );
    expect(screen.getByText(/written to Outlook/).textContent).toContain(
      '1 of them was deleted in Business Central or left the filter: its Outlook contact is deleted',
    );
  });

  test('a conflict refused on its own is counted and the rest go on; the outcome names why', async () => {
    const resolveInBulk = jest.fn(async (bcId: string) => {
      if (bcId === 'bc-1') throw new ApiError(409, 'Stale', 'changed');
    });
    renderConflicts(OPEN.slice(0, 3), { resolveInBulk });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Keep Business Central for all 3 listed' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Keep Business Central for 3 conflicts' }));
    expect(
      await screen.findByText(
        '2 conflicts resolved, 1 not resolved: The contact changed again while the conflict was resolved. Run a sync, then try again.',
      ),
    ).toBeTruthy();
    expect(resolveInBulk).toHaveBeenCalledTimes(3);
  });
});

describe('resolveEach', () => {
  test('stops at a failure that would repeat for every conflict (a sync holds the folder)', async () => {
    const seen: string[] = [];
    const outcome = await resolveEach(
      ['a', 'b', 'c', 'd'],
      async (id) => {
        seen.push(id);
        if (id === 'b') throw new ApiError(409, 'RunInProgress', 'busy');
      },
      () => undefined,
    );
    expect(seen).toEqual(['a', 'b']);
    expect(outcome).toMatchObject({ resolved: 1, notTried: 2 });
    expect(outcome.failed.map((f) => f.bcId)).toEqual(['b']);
  });

  test('stops when the server gives no answer', async () => {
    const outcome = await resolveEach(
      ['a', 'b'],
      async () => {
        throw new ApiError(0, '', 'no answer');
      },
      () => undefined,
    );
    expect(outcome).toMatchObject({ resolved: 0, notTried: 1 });
  });

  test('reports progress after each conflict', async () => {
    const progress: number[] = [];
    await act(async () => {
      await resolveEach(
        ['a', 'b', 'c'],
        async () => undefined,
        (n) => progress.push(n),
      );
    });
    expect(progress).toEqual([1, 2, 3]);
  });
});
