/**
 * The Sync panel's runs as its tests drive them: the panel on a mock runner with one action clicked,
 * and the run ended as the pane would see it end.
 */
import { act, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { PreviewView, RunRecord } from '../../src/taskpane/api/types.js';
import { SyncPanel } from '../../src/taskpane/components/SyncPanel/index.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { mockRunner, renderPane } from '../taskpane/harness.js';

type MockRunner = ReturnType<typeof mockRunner>;

/**
 * The Sync panel rendered on a mock runner, after a click on the action named `button` (in the
 * pane's language): the runner, which holds what was asked and ends the run.
 */
export async function syncPanelStarted(
  button: string,
  options: { lang?: Lang; onRunFinished?: (record: RunRecord | null) => void } = {},
): Promise<MockRunner> {
  const runner = mockRunner();
  renderPane(<SyncPanel />, { runner, ...options });
  await userEvent.click(screen.getByRole('button', { name: button }));
  return runner;
}

/** Ends the runner's run with `record` (and the plan of a dry run), the pane's updates applied. */
export async function finishRun(
  runner: MockRunner,
  record: RunRecord,
  preview: PreviewView | null = null,
): Promise<void> {
  await act(async () => runner.finish({ record, preview }));
}
