/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { GraphError } from '../../src/graph/graph-error.js';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import type { JSX } from 'react';
import { StatusHeader } from '../../src/taskpane/components/StatusHeader/index.js';
import { SETTINGS, mockApi, record, renderPane } from './harness.js';
import type { RunRecord, RunStatus } from '../../src/core/records.js';
import {
  LeaseLostError,
  cancelledError,
  heldError,
  interruptedError,
  runErrorOf,
} from '../../src/core/run-errors.js';
import { PortFailure } from '../../src/core/ports.js';
import { HistoryPanel } from '../../src/taskpane/components/HistoryPanel/index.js';
import { SyncPanel } from '../../src/taskpane/components/SyncPanel/index.js';
import { RunSummary } from '../../src/taskpane/components/RunSummary/index.js';
import { act } from '@testing-library/react';
import { mockRunner } from './harness.js';
import { useSyncRun } from '../../src/taskpane/state/sync-run.js';

// Issue 9: every way a run ends, the header's element for it and its words.
const HELD = { kind: 'massDelete' as const, deletes: 5, folderSize: 10, share: 0.2 };
const ENDS: [
  string,
  RunStatus,
  Partial<RunRecord>,
  'last-error' | 'last-held' | 'last-stopped' | null,
  string | null,
][] = [
  ['done', 'succeeded', {}, null, null],
  [
    'held',
    'held',
    { held: HELD, errors: [heldError('r', HELD)] },
    'last-held',
    'This run would delete 5 of the 10 contacts synced to the Outlook folder (50%); the limit is 20%. Nothing has been written yet.',
  ],
  [
    'failed',
    'failed',
    { errors: [runErrorOf(new PortFailure('unavailable', 'x', { status: 503 }), 'r')] },
    'last-error',
    'Error: Business Central or Outlook: the contacts could not be read: the service was not available (HTTP 503)',
  ],
  [
    'cancelled',
    'cancelled',
    { errors: [cancelledError('r')] },
    'last-stopped',
    'The run was cancelled before it ended; what it had written stays.',
  ],
  [
    'lease lost',
    'failed',
    { errors: [runErrorOf(new LeaseLostError('leaseLost'), 'r')] },
    'last-error',
    'Error: Another sync took over this folder; this one stopped to avoid writing twice.',
  ],
  [
    'interrupted',
    'interrupted',
    { errors: [interruptedError('r', 'processStopped')] },
    'last-error',
    'Error: The run was interrupted: its process stopped before it ended.',
  ],
  // Records stored before held and cancelled runs had codes.
  [
    'held (older record)',
    'held',
    { held: HELD },
    'last-held',
    'This run would delete 5 of the 10 contacts synced to the Outlook folder (50%); the limit is 20%. Nothing has been written yet.',
  ],
  [
    'cancelled (older record)',
    'cancelled',
    {},
    'last-stopped',
    'The run was cancelled before it ended; what it had written stays.',
  ],
];

describe('StatusHeader', () => {
  test('shows the user, the last sync and the next scheduled run as the server has it', async () => {
    const api = mockApi();
    renderPane(<StatusHeader user="ann@contoso.com" settings={SETTINGS} lastRun={record()} />, { api });
    expect(screen.getByRole('heading', { name: 'Contact Sync for Business Central' })).toBeTruthy();
    expect(screen.getByText('Signed in as ann@contoso.com')).toBeTruthy();
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Succeeded/);
    // The server's time (2099-01-02 10:00 UTC), not the last run's start plus the interval.
    expect((await screen.findByTestId('next-run')).textContent).toMatch(/^Next scheduled run: .*99/);
    expect(api.getSchedule).toHaveBeenCalled();
  });

  test('F37: the last run held by the mass-delete guard says why and what to do', () => {
    const held = { kind: 'massDelete' as const, deletes: 142, folderSize: 152, share: 0.2 };
    const run = record({ status: 'held', trigger: 'schedule', held });
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={run} />);
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Waiting for confirmation/);
    expect(screen.getByTestId('last-held').textContent).toBe(
      'This run would delete 142 of the 152 contacts synced to the Outlook folder (93%); the limit is 20%. Nothing has been written yet. What to do: to delete them, run Sync and choose “Delete and sync”. To keep them, change the filter or raise the limit in Contact sync setup; until then each scheduled sync stops here.',
    );
  });

  test('says when the schedule is off and nothing was synced', async () => {
    const api = mockApi({
      getSchedule: async () => ({ enabled: true, scheduleMinutes: 0, saved: true, nextRunAt: null }),
    });
    renderPane(<StatusHeader user="a@b.c" settings={{ ...SETTINGS, scheduleMinutes: 0 }} lastRun={null} />, {
      api,
    });
    expect(await screen.findByText('Scheduled sync is off')).toBeTruthy();
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Not synced yet/);
  });

  test('a schedule due now (settings just saved, never run) is "due soon"; saving asks again', async () => {
    let nextRunAt: string | null = null;
    const api = mockApi({
      getSchedule: jest.fn(async () => ({
        enabled: true,
        scheduleMinutes: 60,
        saved: nextRunAt !== null,
        nextRunAt,
      })),
    });
    function Saving(): JSX.Element {
      const [settings, setSettings] = useState(SETTINGS);
      return (
        <>
          <button onClick={() => setSettings({ ...settings })}>save</button>
          <StatusHeader user="a@b.c" settings={settings} lastRun={null} />
        </>
      );
    }
    renderPane(<Saving />, { api });
    expect(
      await screen.findByText('Scheduled sync every hour starts once you save the settings'),
    ).toBeTruthy();
    nextRunAt = new Date().toISOString();
    await userEvent.click(screen.getByRole('button', { name: 'save' }));
    expect(await screen.findByText('Next scheduled run: due soon')).toBeTruthy();
    expect(api.getSchedule).toHaveBeenCalledTimes(2);
  });

  // F5: the header says what the settings field says (one interval, from GET /schedule = GET /settings).
  test.each([
    [
      { enabled: true, scheduleMinutes: 1440, saved: false, nextRunAt: null },
      'Scheduled sync every day starts once you save the settings',
    ],
    [
      { enabled: false, scheduleMinutes: 1440, saved: true, nextRunAt: null },
      'Scheduled sync every day is set, but this server does not run scheduled syncs',
    ],
    [{ enabled: true, scheduleMinutes: 0, saved: true, nextRunAt: null }, 'Scheduled sync is off'],
    [{ enabled: false, scheduleMinutes: 0, saved: false, nextRunAt: null }, 'Scheduled sync is off'],
    [
      { enabled: true, scheduleMinutes: 5, saved: true, nextRunAt: '2099-01-02T10:00:00.000Z' },
      /^Next scheduled run: .*99/,
    ],
  ])('F5: schedule %j reads %s', async (view, text) => {
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={null} />, {
      api: mockApi({ getSchedule: async () => view }),
    });
    expect((await screen.findByTestId('next-run')).textContent).toMatch(text);
    // "off" only when the interval is 0, whatever else the server says.
    expect((await screen.findByTestId('next-run')).textContent === 'Scheduled sync is off').toBe(
      view.scheduleMinutes === 0,
    );
  });

  test('a failed run (scheduled or not) shows its error text', async () => {
    const failed = record({
      status: 'failed',
      trigger: 'schedule',
      errors: [
        { side: 'run', id: 'r', message: '/me request is only valid with delegated authentication flow' },
      ],
    });
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={failed} />);
    expect(screen.getByTestId('last-sync').textContent).toMatch(/Failed/);
    expect(screen.getByTestId('last-error').textContent).toBe(
      'Error: /me request is only valid with delegated authentication flow',
    );
  });

  test('validate connection checks the mailbox folder and Business Central', async () => {
    const api = mockApi({
      checkMailbox: async () => {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
      },
    });
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={null} />, { api });
    await userEvent.click(screen.getByRole('button', { name: 'Validate connection' }));
    expect(
      await screen.findByText(
        'Mailbox check failed: Your sign-in was not accepted (HTTP 401 InvalidAuthenticationToken). Close the add-in and open it again; if this keeps happening, ask your administrator.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Business Central reached: CRONUS International')).toBeTruthy();
  });

  // Issue 9: every way a run ends shows why, from its code, in the header and in the history.

  test.each(ENDS)(
    'a scheduled run that ended %s shows why, from its code',
    (_end, status, patch, id, text) => {
      const run = record({ id: 'r', status, trigger: 'schedule', ...patch });
      const { unmount } = renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={run} />);
      const error = screen.queryByTestId('last-error')?.textContent ?? null;
      const held = screen.queryByTestId('last-held')?.textContent ?? null;
      // newuser finding 2: a cancel is the run's status in neutral words, never an "Error".
      const stopped = screen.queryByTestId('last-stopped')?.textContent ?? null;
      expect({ error, held, stopped }).toEqual({
        error: id === 'last-error' ? text : null,
        stopped: id === 'last-stopped' ? text : null,
        held: id === 'last-held' ? expect.stringMatching(new RegExp(`^${escape(text!)} What to do: `)) : null,
      });
      unmount();
      // The history says the same, once (a held run's code is not listed again as an error).
      const { container, unmount: unmountAll } = renderPane(<HistoryPanel runs={[run]} />);
      const shown = container.textContent ?? '';
      if (text) expect(shown.split(text.replace(/^Error: /, '')).length - 1).toBe(1);
      else expect(shown).not.toMatch(/Error:/);
      // Only failures read as errors in the history and the result card; a cancel or hold never does.
      expect(shown.includes('Error:')).toBe(id === 'last-error');
      unmountAll();
      const card = renderPane(<RunSummary record={run} />).container.textContent ?? '';
      expect(card.includes('Errors')).toBe(id === 'last-error');
      if (id === 'last-stopped') expect(card).toContain(text);
    },
  );
});

/** Sets the run App's lists say is the last (a run listed after the pane's own). */
let listLater: (run: RunRecord) => void = () => undefined;

/**
 * The header over the Sync panel, as App lays them out: the last run is the one the pane just ran
 * (App's lists, refreshed when it ends), until a later one is listed.
 */
function HeaderOverSync(): JSX.Element {
  const { state } = useSyncRun();
  const [later, setLater] = useState<RunRecord | null>(null);
  listLater = setLater;
  const lastRun = later ?? (state.kind === 'done' ? state.result.record : null);
  return (
    <>
      <StatusHeader user="a@b.c" settings={SETTINGS} lastRun={lastRun} />
      <SyncPanel />
    </>
  );
}

describe('one run, said once on the screen', () => {
  test("newuser finding 2: the last run's end is not shown while the next run is on", async () => {
    const runner = mockRunner();
    renderPane(<HeaderOverSync />, { runner });
    act(() => listLater(record({ id: 'old', status: 'cancelled', errors: [cancelledError('old')] })));
    expect(screen.getByTestId('last-stopped')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sync with Microsoft 365' }));
    expect(screen.queryByTestId('last-stopped')).toBeNull();
    expect(screen.queryByTestId('last-error')).toBeNull();
  });

  // The same ends run from the pane: the Sync panel shows the run (the mass-delete question, or the
  // result with its errors), and the header, whose last run it now is, does not say it again.
  test.each(ENDS.filter(([, , , , text]) => text !== null))(
    'a run from the pane that ended %s: its words once, in the Sync panel',
    async (_end, status, patch, _id, text) => {
      const run = record({ id: 'r', status, trigger: 'pane', ...patch });
      const runner = mockRunner();
      renderPane(<HeaderOverSync />, { runner });
      await userEvent.click(screen.getByRole('button', { name: 'Sync with Microsoft 365' }));
      await act(async () => runner.finish({ record: run, preview: null }));
      // The run's summary (a part loaded on first use) is there before its words are counted.
      if (status !== 'held') await screen.findByRole('heading', { name: /^Result: / });
      const words = text!.replace(/^Error: /, '');
      const times = (document.body.textContent ?? '').split(words).length - 1;
      // Records from before codes: the cancelled one's result card says its end too (runEndParts makes it).
      expect(times).toBe(patch.errors || patch.held || status === 'cancelled' ? 1 : 0);
      expect(screen.getByTestId('last-sync').textContent).toMatch(
        new RegExp(status === 'held' ? 'Waiting' : '.'),
      );
      expect(screen.queryByTestId('last-held')).toBeNull();
      expect(screen.queryByTestId('last-error')).toBeNull();
    },
  );

  test('the example: a held sync from the pane asks once; a scheduled one held later is said in the header', async () => {
    const held = { kind: 'massDelete' as const, deletes: 142, folderSize: 152, share: 0.2 };
    const run = record({ id: 'p', status: 'held', trigger: 'pane', held, errors: [heldError('p', held)] });
    const runner = mockRunner();
    renderPane(<HeaderOverSync />, { runner });
    await userEvent.click(screen.getByRole('button', { name: 'Sync with Microsoft 365' }));
    await act(async () => runner.finish({ record: run, preview: null }));
    const sentence = 'This run would delete 142 of the 152 contacts synced to the Outlook folder (93%)';
    expect((document.body.textContent ?? '').split(sentence)).toHaveLength(2);
    expect(screen.getByRole('alert').textContent).toContain(sentence);
    // A scheduled run held afterwards is another run: the header says it (the panel shows the old one).
    const later = record({
      id: 's',
      status: 'held',
      trigger: 'schedule',
      held,
      errors: [heldError('s', held)],
    });
    act(() => listLater(later));
    expect(screen.getByTestId('last-held').textContent).toContain(sentence);
  });
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
