import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  useId,
} from '@fluentui/react-components';
import type { JSX } from 'react';
import type { RunRecord } from '../../api/types.js';
import type { Translate } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { useSyncRun } from '../../state/sync-run.js';
import { PreviewSummary, RunSummary } from '../RunSummary/index.js';
import { useSyncPanelStyles } from './SyncPanel.styles.js';

/** The three actions, each with one line (the seeds' words) saying what it does. */
const ACTIONS = [
  { label: 'sync', help: 'syncHelp', primary: true, request: { mode: 'delta', dryRun: false } },
  { label: 'fullSync', help: 'fullSyncHelp', primary: false, request: { mode: 'full', dryRun: false } },
  { label: 'preview', help: 'previewHelp', primary: false, request: { mode: 'full', dryRun: true } },
] as const;

/**
 * What a held run would delete, with the real share of the folder next to the user's threshold
 * (a `bcEmpty` hold has no threshold: BC returned nothing, so every copy would go).
 */
export function heldText(t: Translate, held: NonNullable<RunRecord['held']>): string {
  const { deletes, folderSize } = held;
  if (held.kind === 'bcEmpty') return t('heldTextBcEmpty', { folderSize });
  return t('heldText', { deletes, folderSize, share: deletes / Math.max(1, folderSize), limit: held.share });
}

/** The two sync actions, the preview, progress with Cancel, the result and the mass-delete question. */
export function SyncPanel(): JSX.Element {
  const styles = useSyncPanelStyles();
  const { t } = useI18n();
  const { state, start, cancel, dismiss } = useSyncRun();
  const helpId = useId('sync-help');

  const running = state.kind === 'running';
  const progress = running ? state.progress : null;
  const held = state.kind === 'done' && state.result.record.status === 'held' ? state.result.record : null;
  return (
    <section className={styles.root} aria-label={t('syncSection')}>
      <div className={styles.buttons}>
        {ACTIONS.map((a) => (
          <div key={a.label} className={styles.action}>
            <Button
              appearance={a.primary ? 'primary' : 'secondary'}
              disabled={running}
              aria-describedby={`${helpId}-${a.label}`}
              onClick={() => start(a.request)}
            >
              {t(a.label)}
            </Button>
            <Caption1 id={`${helpId}-${a.label}`} className={styles.help}>
              {t(a.help)}
            </Caption1>
          </div>
        ))}
      </div>
      {running && (
        <div className={styles.progress}>
          <Field
            label={progress ? t(`phase_${progress.phase}`) : t('loading')}
            hint={progress ? t('progressCount', { done: progress.done, total: progress.total }) : undefined}
          >
            <ProgressBar
              aria-label={t('progressLabel')}
              value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
            />
          </Field>
          <div className={styles.row}>
            <Button onClick={cancel} disabled={state.cancelling}>
              {state.cancelling ? t('cancelling') : t('cancel')}
            </Button>
          </div>
        </div>
      )}
      {held && state.kind === 'done' && (
        <MessageBar intent="warning" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('heldTitle')}</MessageBarTitle>
            {held.held && heldText(t, held.held)}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={() => start({ ...state.request, confirmMassDelete: true })}>
              {t('confirmDelete')}
            </Button>
            <Button onClick={dismiss}>{t('keep')}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.kind === 'done' && state.result.preview && <PreviewSummary preview={state.result.preview} />}
      {state.kind === 'done' && !state.result.preview && !held && <RunSummary record={state.result.record} />}
      {state.kind === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {t('runFailed', { message: state.busy ? t('runBusy') : state.message })}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
