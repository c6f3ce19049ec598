/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { SkippedPanel } from '../../src/taskpane/components/SkippedPanel/index.js';
import { record, renderPane } from './harness.js';

describe('SkippedPanel', () => {
  test('lists each skipped contact with its reason and hint', () => {
    renderPane(
      <SkippedPanel
        skipped={[
          {
            key: 'outlook:o1',
            side: 'outlook',
            bcId: '',
            outlookId: 'o1',
            displayName: 'No Mail',
            reason: { kind: 'missingEmail' },
            text: 'no e-mail',
            hint: 'Add an e-mail address to the Outlook contact.',
          },
        ]}
      />,
    );
    const item = screen.getByRole('listitem', { name: 'No Mail' });
    expect(item.textContent).toContain('no e-mail');
    expect(item.textContent).toContain('Hint: Add an e-mail address to the Outlook contact.');
  });

  test('empty list', () => {
    renderPane(<SkippedPanel skipped={[]} />);
    expect(screen.getByText('No skipped contacts.')).toBeTruthy();
  });
});

describe('HistoryPanel', () => {
  test('lists recent runs with mode, status and trigger', () => {
    renderPane(
      <HistoryPanel
        runs={[record({ id: 'a', mode: 'full' }), record({ id: 'b', dryRun: true, trigger: 'schedule' })]}
      />,
    );
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Full sync · Succeeded');
    expect(rows[1]?.textContent).toContain('Preview · Succeeded');
    expect(rows[1]?.textContent).toContain('schedule');
  });

  test('in Finnish', () => {
    renderPane(<HistoryPanel runs={[record({ status: 'failed' })]} />, { lang: 'fi' });
    expect(screen.getByRole('row').textContent).toContain('Synkronointi · Epäonnistui');
  });
});
