import {
  Button,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
} from '@fluentui/react-components';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useSyncRun } from '../../state/sync-run.js';
import { PreviewSummary, RunSummary } from '../RunSummary/index.js';
import { useSyncPanelStyles } from './SyncPanel.styles.js';

/** The two sync actions, the preview, progress with Cancel, the result and the mass-delete question. */
export function SyncPanel(): JSX.Element {
  const styles = useSyncPanelStyles();
  const { t } = useI18n();
  const { state, start, cancel, dismiss } = useSyncRun();

  const running = state.kind === 'running';
  const progress = running ? state.progress : null;
  const held = state.kind === 'done' && state.result.record.status === 'held' ? state.result.record : null;
  return (
    <section className={styles.root} aria-label={t('syncSection')}>
      <div className={styles.buttons}>
        <Button
          appearance="primary"
          disabled={running}
          onClick={() => start({ mode: 'delta', dryRun: false })}
        >
          {t('sync')}
        </Button>
        <Button disabled={running} onClick={() => start({ mode: 'full', dryRun: false })}>
          {t('fullSync')}
        </Button>
        <Button disabled={running} onClick={() => start({ mode: 'full', dryRun: true })}>
          {t('preview')}
        </Button>
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
            {t('heldText', {
              deletes: held.held?.deletes ?? 0,
              folderSize: held.held?.folderSize ?? 0,
              share: (held.held?.deletes ?? 0) / Math.max(1, held.held?.folderSize ?? 0),
              limit: held.held?.share ?? 0,
            })}
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
