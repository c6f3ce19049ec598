/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { ConflictsPanel } from '../../src/taskpane/components/ConflictsPanel/index.js';
import { renderPane } from './harness.js';

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

describe('ConflictsPanel', () => {
  test('says when there is nothing to resolve', () => {
    renderPane(<ConflictsPanel conflicts={[]} onResolve={async () => undefined} />);
    expect(screen.getByText('No conflicts.')).toBeTruthy();
  });

  test('expands to base / Business Central / Outlook per field with the winner', async () => {
    renderPane(<ConflictsPanel conflicts={[conflict]} onResolve={async () => undefined} />);
    const toggle = screen.getByRole('button', { name: 'Show fields of Ann Lee' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = screen.getByRole('table', { name: 'Ann Lee' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('City');
    expect(rows[1]?.textContent).toContain('Espoo');
    expect(rows[1]?.textContent).toContain('Helsinki');
    expect(rows[1]?.textContent).toContain('Tampere');
    expect(rows[1]?.textContent).toContain('HelsinkiWinner');
  });

  test('resolves one field or the whole contact', async () => {
    const onResolve = jest.fn(async (_bcId: string, _choice: unknown) => undefined);
    renderPane(<ConflictsPanel conflicts={[conflict]} onResolve={onResolve} />);
    await userEvent.click(screen.getByRole('button', { name: 'Show fields of Ann Lee' }));
    await userEvent.click(screen.getByRole('button', { name: 'Keep Outlook value of City' }));
    expect(onResolve).toHaveBeenLastCalledWith('bc-1', { fields: { city: 'outlook' } });
    await userEvent.click(screen.getByRole('button', { name: 'Keep Business Central for Ann Lee' }));
    expect(onResolve).toHaveBeenLastCalledWith('bc-1', { side: 'bc' });
  });

  test('shows why a resolution failed', async () => {
    renderPane(
      <ConflictsPanel
        conflicts={[conflict]}
        onResolve={async () => {
          throw new Error('Stale');
        }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Keep Outlook for Ann Lee' }));
    expect(await screen.findByText('Not resolved: Stale')).toBeTruthy();
  });
});
