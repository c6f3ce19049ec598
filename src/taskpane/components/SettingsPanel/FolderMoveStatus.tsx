import { Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar } from '@fluentui/react-components';
import type { JSX } from 'react';
import { runErrorText } from '../../../messages/words.js';
import { useI18n } from '../../i18n/index.js';
import { progressText } from '../../../messages/progress-words.js';
import { useFocusOn } from '../../layout/focus.js';
import type { StartRunRequest } from '../../engine/runner.js';
import { useSyncRun } from '../../state/sync-run.js';
import { busyText } from '../SyncPanel/busy-text.js';

/** The sync the Settings panel started after saving a new folder name: the run that moves the folder. */
export interface MoveRun {
  readonly request: StartRunRequest;
  readonly from: string;
  readonly to: string;
}

/**
 * That run's progress, then its outcome: moved, held by contacts whose values BC does not have yet
 * (`folderMoveHeld`: what the user must do; they stay listed, the sync stays in the old folder), or
 * failed (the next run tries again). Another run started since (from the Sync panel) is not this one.
 */
export function FolderMoveStatus({ run }: { readonly run: MoveRun }): JSX.Element | null {
  const i18n = useI18n();
  const { t } = i18n;
  const { state } = useSyncRun();
  const ours = state.kind === 'failed' || (state.kind !== 'idle' && state.request === run.request);
  const outcome =
    state.kind === 'done' ? state.result.record.id : state.kind === 'failed' ? state.message : null;
  // Focus moves to the outcome once the run ends (as after Save or Sync).
  const ref = useFocusOn<HTMLDivElement>(ours ? outcome : null);
  if (!ours) return null;
  if (state.kind === 'running') {
    const progress = state.progress;
    return (
      <Field
        label={t('folderMoving', { to: run.to })}
        hint={progress ? progressText(i18n, progress) : t('loading')}
      >
        <ProgressBar
          aria-label={t('progressLabel')}
          value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
        />
      </Field>
    );
  }
  const record = state.kind === 'done' ? state.result.record : null;
  const held = record?.errors.find((e) => e.code === 'folderMoveHeld') ?? null;
  const bar = held ? (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('folderMoveHeldTitle', { from: run.from })}</MessageBarTitle>
        {runErrorText(i18n, held)} {t('folderMoveHeldHint')}
      </MessageBarBody>
    </MessageBar>
  ) : record?.status === 'succeeded' ? (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>{t('folderMoved', { to: run.to })}</MessageBarBody>
    </MessageBar>
  ) : (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        {t('folderMoveFailed', {
          message: record
            ? [
                t(`status_${record.status}`),
                ...record.errors.slice(0, 3).map((e) => runErrorText(i18n, e)),
              ].join(' · ')
            : state.kind === 'failed'
              ? state.busy
                ? busyText(i18n, state)
                : state.message
              : '',
        })}
      </MessageBarBody>
    </MessageBar>
  );
  return (
    <div ref={ref} tabIndex={-1} data-testid="folder-move-status">
      {bar}
    </div>
  );
}
