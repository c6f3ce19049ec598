/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { SyncPanel } from '../../src/taskpane/components/SyncPanel/index.js';
import { RunBusyError } from '../../src/taskpane/engine/runner.js';
import { minuteUp } from '../../src/messages/wait-time.js';
import { previewView, record, renderPane } from './harness.js';
import { finishRun, syncPanelStarted } from '../support/sync-panel-runs.js';

describe('SyncPanel', () => {
  test('runs a sync, shows phase and counts, then the summary per side', async () => {
    const onRunFinished = jest.fn();
    const runner = await syncPanelStarted('Sync with Microsoft 365', { onRunFinished });
    expect(runner.requests).toEqual([{ mode: 'delta', dryRun: false }]);
    expect(
      (screen.getByRole('button', { name: 'Full sync with Microsoft 365' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    act(() => runner.progress({ phase: 'outlook', done: 3, total: 8 }));
    expect(screen.getByText('3 of 8 contacts')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Writing to Outlook' })).toBeTruthy();
    await finishRun(runner, record());
    const table = await screen.findByRole('table', { name: 'Result' });
    expect(table.textContent).toContain('Created15');
    expect(screen.getByText('2 contacts skipped · 1 open conflict')).toBeTruthy();
    expect(screen.getByText('Duration: 2.3 s')).toBeTruthy();
    expect(onRunFinished).toHaveBeenCalledWith(record());
  });

  test('Cancel asks the run to stop', async () => {
    const runner = await syncPanelStarted('Full sync with Microsoft 365');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(runner.cancelled).toBe(1);
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeTruthy();
    await finishRun(runner, record({ status: 'cancelled', mode: 'full' }));
    expect(await screen.findByRole('heading', { name: 'Result: Cancelled' })).toBeTruthy();
  });

  test('Preview is a dry run and lists what each side would get', async () => {
    const runner = await syncPanelStarted('Preview');
    // The preview is of the mode about to run: a sync (delta).
    expect(runner.requests).toEqual([{ mode: 'delta', dryRun: true }]);
    await finishRun(
      runner,
      record({ dryRun: true }),
      previewView({
        summary: { bc: { create: 1, update: 0 }, outlook: { create: 2, update: 1, delete: 1 } },
        items: [
          { kind: 'createInOutlook', bcId: 'b1', displayName: 'Ann Lee' },
          { kind: 'createInOutlook', bcId: 'b2', displayName: 'Bo Ek' },
          {
            kind: 'update',
            bcId: 'b3',
            outlookId: 'o3',
            displayName: 'Cy Dee',
            bc: [],
            outlook: [{ field: 'city', from: 'Espoo', to: 'Oulu' }],
            stampBcId: false,
          },
          {
            kind: 'deleteInOutlook',
            bcId: 'b4',
            outlookId: 'o4',
            displayName: 'Gone Person',
            reason: 'bcDeleted',
          },
          { kind: 'createInBc', outlookId: 'o5', displayName: 'New From Outlook' },
        ],
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Preview (Full sync): nothing has been written' }),
    ).toBeTruthy();
    expect(screen.getByText('Outlook · Would create: 2')).toBeTruthy();
    expect(screen.getByText('Cy Dee (City)')).toBeTruthy();
    expect(screen.getByText('Outlook · Would delete: 1')).toBeTruthy();
    expect(screen.getByText('Business Central · Would create: 1')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Preview instead: Sync' }));
    expect(runner.requests.at(-1)).toEqual({ mode: 'delta', dryRun: true });
  });

  test('each action says in one line what it does, read with the button', () => {
    renderPane(<SyncPanel />);
    const help = (name: string): string => {
      const id = screen.getByRole('button', { name }).getAttribute('aria-describedby') ?? '';
      return document.getElementById(id)?.textContent ?? '';
    };
    expect(help('Sync with Microsoft 365')).toBe(
      'Changes since the last sync, both ways. Usually faster than a full sync.',
    );
    expect(help('Full sync with Microsoft 365')).toBe(
      'All contacts in both directions, whatever was synced or changed last.',
    );
    expect(help('Preview')).toBe('Shows what a sync would change. Nothing is written.');
  });

  // A dry run's record says what a real run would be held for (run-leased F37): the preview says it
  // too, or it lists the deletions and the sync then stops on a prompt it never mentioned (newuser).
  test.each([
    [
      'massDelete',
      { kind: 'massDelete', deletes: 142, folderSize: 152, share: 0.2 } as const,
      'This run would delete 142 of the 152 contacts synced to the Outlook folder (93%); the limit is 20%.',
    ],
    [
      'bcEmpty',
      { kind: 'bcEmpty', deletes: 7, folderSize: 7, share: 1 } as const,
      'would delete all 7 contacts synced to the Outlook folder',
    ],
    ['nothing held', null, null],
  ])('a preview says when a sync would ask before deleting: %s', async (_name, held, words) => {
    const runner = await syncPanelStarted('Preview');
    await finishRun(
      runner,
      record({ dryRun: true, held }),
      previewView({ mode: 'delta', summary: { outlook: { create: 0, update: 0, delete: 7 } } }),
    );
    await screen.findByRole('heading', { name: 'Preview (Sync): nothing has been written' });
    const title = screen.queryByText('A sync would ask before deleting');
    if (words === null) {
      expect(title).toBeNull();
      return;
    }
    const bar = title?.parentElement;
    expect(bar?.textContent).toContain(words);
    expect(bar?.textContent).toContain('choose “Delete and sync”');
    // A preview asks nothing: the prompt's buttons belong to a real run.
    expect(screen.queryByRole('button', { name: 'Delete and sync' })).toBeNull();
  });

  test('mass-delete prompt: the real share of the folder next to the threshold', async () => {
    const runner = await syncPanelStarted('Full sync with Microsoft 365');
    await finishRun(
      runner,
      record({
        status: 'held',
        held: { kind: 'massDelete', deletes: 142, folderSize: 152, share: 0.2 },
      }),
    );
    expect(
      screen.getByText(
        'This run would delete 142 of the 152 contacts synced to the Outlook folder (93%); the limit is 20%. Nothing has been written yet.',
      ),
    ).toBeTruthy();
  });

  test('mass-delete prompt: Business Central returned nothing — no threshold is claimed', async () => {
    const runner = await syncPanelStarted('Täysi synkronointi Microsoft 365:n kanssa', { lang: 'fi' });
    await finishRun(
      runner,
      record({ status: 'held', held: { kind: 'bcEmpty', deletes: 7, folderSize: 7, share: 1 } }),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('poistaisi kaikki 7 Outlook-kansioon synkronoitua kontaktia');
    expect(alert.textContent).not.toMatch(/%/);
  });

  test('a held run asks before deleting and re-runs with confirmMassDelete', async () => {
    const runner = await syncPanelStarted('Full sync with Microsoft 365');
    await finishRun(runner, record({ status: 'held', held: { deletes: 30, folderSize: 100, share: 0.3 } }));
    expect(
      screen.getByText(
        'This run would delete 30 of the 100 contacts synced to the Outlook folder (30%); the limit is 30%. Nothing has been written yet.',
      ),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Delete and sync' }));
    expect(runner.requests.at(-1)).toEqual({ mode: 'full', dryRun: false, confirmMassDelete: true });
  });

  test('a busy folder and failures are reported', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    await act(async () => runner.fail(new RunBusyError('held')));
    expect(screen.getByText('The sync failed: A sync is already running for this folder.')).toBeTruthy();
  });

  // Brief cancelkeep: a folder kept after a stopped run says why and when the next sync can start.
  test('a folder kept after a stopped run: not "already running", and when the next sync can start', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    const until = '2026-03-01T08:01:05.000Z';
    await act(async () => runner.fail(new RunBusyError('held', until, true)));
    expect(screen.queryByText(/already running/)).toBeNull();
    const said = screen.getByText(/was stopped while changes it had sent could still arrive/).textContent!;
    // Rounded up (audit 5): 08:01:05 shows the minute after, so a retry at the shown time starts.
    const shown = (at: string) =>
      new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));
    expect(said).toContain(shown('2026-03-01T08:02:00.000Z'));
    expect(said).not.toContain(shown(until));
  });

  // A pane closed mid-sync leaves a lease no run renews and a record still `running`: the refusal
  // is not `settling`, but it says until when (was: "already running" with no time).
  test('a folder held by a pane closed mid-sync: already running, and when the next sync can start', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    await act(async () => runner.fail(new RunBusyError('held', '2026-03-01T08:01:05.000Z')));
    const said = screen.getByText(/already running for this folder/).textContent!;
    const shown = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(
      new Date('2026-03-01T08:02:00.000Z'),
    );
    expect(said).toContain(`the next sync can start at ${shown}`);
    expect(said).not.toContain('The sync failed');
  });

  // Every kind of instant: a whole minute stays, anything past it goes to the next, never earlier.
  test.each([
    ['2026-03-01T08:05:00.000Z', '2026-03-01T08:05:00.000Z'],
    ['2026-03-01T08:05:00.001Z', '2026-03-01T08:06:00.000Z'],
    ['2026-03-01T08:05:50.000Z', '2026-03-01T08:06:00.000Z'],
    ['2026-03-01T08:05:59.999Z', '2026-03-01T08:06:00.000Z'],
    ['2026-12-31T23:59:30.000Z', '2027-01-01T00:00:00.000Z'],
  ])('the time to wait for, %s, is shown as %s', (at, shownAs) => {
    const up = minuteUp(at);
    expect(new Date(up).toISOString()).toBe(shownAs);
    expect(up).toBeGreaterThanOrEqual(Date.parse(at));
    expect(up - Date.parse(at)).toBeLessThan(60_000);
  });
});
