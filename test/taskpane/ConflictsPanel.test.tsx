/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { ApiError } from '../../src/taskpane/api/http.js';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { ConflictsPanel } from '../../src/taskpane/components/ConflictsPanel/index.js';
import { ConflictGoneError } from '../../src/taskpane/state/conflict-gone.js';
import { LANGS } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';
import { NO_CONFLICT_ACTIONS, renderPane } from './harness.js';
import { useState } from 'react';
import type { JSX } from 'react';

const conflict: ConflictView = {
  bcId: 'bc-1',
  outlookId: 'ol-1',
  displayName: 'Ann Lee',
  kind: 'fields',
  status: 'settled',
  detectedAt: null,
  fields: [
    { field: 'city', base: 'Espoo', bc: 'Helsinki', outlook: 'Tampere', winner: 'bc' },
    { field: 'jobTitle', base: 'Buyer', bc: 'Lead', outlook: 'Manager', winner: 'bc' },
  ],
};

/** The panel's callbacks doing nothing; a test overrides the one it watches. */
describe('ConflictsPanel', () => {
  test('says when there is nothing to resolve', () => {
    renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[]} />);
    expect(screen.getByText('No conflicts.')).toBeTruthy();
  });

  test('expands to base / Business Central / Outlook per field with the winner', async () => {
    renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[conflict]} />);
    const toggle = screen.getByRole('button', { name: /Show fields of Ann Lee/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    // The fields table is a part loaded on first use (lazyPart): it arrives after the click's turn.
    const table = await screen.findByRole('table', { name: 'Ann Lee' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('City');
    expect(rows[1]?.textContent).toContain('Espoo');
    expect(rows[1]?.textContent).toContain('Helsinki');
    expect(rows[1]?.textContent).toContain('Tampere');
    expect(rows[1]?.textContent).toContain('HelsinkiWinner');
  });

  test('resolves one field or the whole contact', async () => {
    const onResolve = jest.fn(async (_bcId: string, _choice: unknown) => undefined);
    renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[conflict]} onResolve={onResolve} />);
    await userEvent.click(screen.getByRole('button', { name: /Show fields of Ann Lee/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Outlook value of City' }));
    expect(onResolve).toHaveBeenLastCalledWith('bc-1', { fields: { city: 'outlook' } });
    await userEvent.click(screen.getByRole('button', { name: 'Keep Business Central for Ann Lee' }));
    expect(onResolve).toHaveBeenLastCalledWith('bc-1', { side: 'bc' });
  });

  // Seen (helper newuser): after "Keep" on one of two open fields the pane said "Conflict resolved."
  // while the contact stayed listed, waiting for the other field.
  test('a choice for one of two open fields says which was resolved and how many still wait', async () => {
    const open: ConflictView = {
      ...conflict,
      status: 'open',
      fields: conflict.fields.map((f) => ({ ...f, winner: 'none' })),
    };
    const onResolve = jest.fn(async (_bcId: string, _choice: unknown) => undefined);
    renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[open]} onResolve={onResolve} />);
    await userEvent.click(screen.getByRole('button', { name: /Show fields of Ann Lee/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Keep Outlook value of City' }));
    expect(
      await screen.findByText('City resolved. Ann Lee still waits for your choice on 1 field.'),
    ).toBeTruthy();
    expect(screen.queryByText('Conflict resolved.')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Keep Business Central for Ann Lee' }));
    expect(await screen.findByText('Conflict resolved.')).toBeTruthy();
  });

  test('shows why a resolution failed: by its code, never the server line', async () => {
    renderPane(
      <ConflictsPanel
        {...NO_CONFLICT_ACTIONS}
        conflicts={[conflict]}
        onResolve={async () => {
          throw new ApiError(409, 'Stale', 'The contact changed.');
        }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Keep Outlook for Ann Lee' }));
    // Shown once, on the card, while the conflict is still listed.
    const card = screen.getByRole('listitem', { name: 'Ann Lee' });
    expect(
      await within(card).findByText(
        'Not resolved: The contact changed again while the conflict was resolved. Run a sync, then try again.',
      ),
    ).toBeTruthy();
    expect(screen.getAllByText(/^Not resolved: /)).toHaveLength(1);
  });

  // The kind: a refused choice reloads the list (App, F71) and the conflict may be gone from it
  // (settled in another window). The refusal is kept by the panel, shown on the card while the
  // conflict is listed and above the list once it is not — for resolve and for accept alike.
  test.each([
    ['resolve', 'Keep Business Central for Ann Lee'],
    ['accept', 'Accept the rule’s choice for Ann Lee'],
  ])('a refused %s stays readable after the conflict leaves the list', async (_what, label) => {
    // What App throws after reloading the lists (state/conflict-gone.ts): no run ended meanwhile.
    const refused = new ConflictGoneError(null);
    function Host(): JSX.Element {
      const [list, setList] = useState<readonly ConflictView[]>([conflict]);
      const refuse = async (): Promise<void> => {
        setList([]);
        throw refused;
      };
      return (
        <ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={list} onResolve={refuse} onDismiss={refuse} />
      );
    }
    renderPane(<Host />);
    await userEvent.click(screen.getByRole('button', { name: label }));
    expect(
      await screen.findByText(
        'Not resolved: Ann Lee is no longer in conflict: it was resolved in another window. Nothing was written.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: 'Ann Lee' })).toBeNull();
  });

  test('open and settled conflicts are shown apart; a settled one can be accepted', async () => {
    const open: ConflictView = {
      ...conflict,
      bcId: 'bc-2',
      displayName: 'Bo Lind',
      status: 'open',
      fields: [{ field: 'jobTitle', base: 'Buyer', bc: 'Lead', outlook: 'Manager', winner: 'none' }],
    };
    const onDismiss = jest.fn(async (_bcId: string) => undefined);
    renderPane(
      <ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[conflict, open]} onDismiss={onDismiss} />,
    );
    const waiting = screen.getByRole('region', { name: 'Waiting for your choice (1)' });
    const settled = screen.getByRole('region', { name: 'Settled by your rule (1)' });
    expect(within(waiting).getByRole('listitem', { name: 'Bo Lind' })).toBeTruthy();
    expect(within(waiting).queryByRole('button', { name: /^Accept/ })).toBeNull();
    expect(within(settled).getByRole('listitem', { name: 'Ann Lee' })).toBeTruthy();
    expect(settled.textContent).toContain('chose the winner');
    await userEvent.click(
      within(settled).getByRole('button', { name: 'Accept the rule’s choice for Ann Lee' }),
    );
    expect(onDismiss).toHaveBeenCalledWith('bc-1');
    expect(await screen.findByText('Accepted: both sides keep the winning value.')).toBeTruthy();
  });

  test.each(LANGS)('open and settled apart in %s', (lang) => {
    const open: ConflictView = { ...conflict, bcId: 'bc-2', displayName: 'Bo Lind', status: 'open' };
    renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[conflict, open]} />, { lang });
    const headings = screen.getAllByRole('heading').map((h) => h.textContent);
    expect(headings).toEqual([
      MESSAGES[lang].openConflicts.replace('{n, number}', '1'),
      MESSAGES[lang].settledConflicts.replace('{n, number}', '1'),
    ]);
  });

  test('under 400 px each field is a stacked card: label, last synced, both sides, keep buttons', async () => {
    const queries: string[] = [];
    window.matchMedia = ((query: string) => {
      queries.push(query);
      return {
        matches: true,
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      };
    }) as unknown as typeof window.matchMedia;
    try {
      const onResolve = jest.fn(async (_bcId: string, _choice: unknown) => undefined);
      renderPane(<ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={[conflict]} onResolve={onResolve} />);
      await userEvent.click(screen.getByRole('button', { name: /Show fields of Ann Lee/ }));
      expect(queries).toContain('(max-width: 400px)');
      expect(screen.queryByRole('table')).toBeNull();
      const cards = await screen.findByRole('group', { name: 'Ann Lee' });
      const city = within(cards).getByRole('group', { name: 'City' });
      expect(city.textContent).toBe(
        'CityLast syncedEspooBusiness CentralHelsinkiWinnerKeepOutlookTampereKeep',
      );
      await userEvent.click(within(city).getByRole('button', { name: 'Keep Outlook value of City' }));
      expect(onResolve).toHaveBeenLastCalledWith('bc-1', { fields: { city: 'outlook' } });
    } finally {
      delete (window as { matchMedia?: unknown }).matchMedia;
    }
  });
});
