import {
  Button,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { JSX } from 'react';
import type { ProgressEvent, RunRecord } from '../../api/types.js';
import type { RunHandle, RunResult, StartRunRequest } from '../../engine/runner.js';
import { RunBusyError } from '../../engine/runner.js';
import { useI18n } from '../../i18n/index.js';
import { errorText, useServices } from '../../services.js';
import { PreviewSummary, RunSummary } from '../RunSummary/index.js';
import { useSyncPanelStyles } from './SyncPanel.styles.js';

export interface SyncPanelProps {
  /** Called after every run ends, so the lists and the header refresh. */
  readonly onRunFinished: (record: RunRecord | null) => void;
  /** Asked for by "This sender" after adding a contact. */
  readonly startRef?: { current: ((request: StartRunRequest) => void) | null };
}

type State =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'running';
      readonly request: StartRunRequest;
      readonly progress: ProgressEvent | null;
      readonly cancelling: boolean;
    }
  | { readonly kind: 'done'; readonly request: StartRunRequest; readonly result: RunResult }
  | { readonly kind: 'failed'; readonly message: string };

/** The two sync actions, the preview, progress with Cancel, the result and the mass-delete question. */
export function SyncPanel({ onRunFinished, startRef }: SyncPanelProps): JSX.Element {
  const styles = useSyncPanelStyles();
  const { t } = useI18n();
  const { runner } = useServices();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const handle = useRef<RunHandle | null>(null);

  const start = (request: StartRunRequest): void => {
    if (handle.current) return;
    setState({ kind: 'running', request, progress: null, cancelling: false });
    const h = runner.start(request, (progress) =>
      setState((s) => (s.kind === 'running' ? { ...s, progress } : s)),
    );
    handle.current = h;
    h.done
      .then((result) => {
        setState({ kind: 'done', request, result });
        onRunFinished(result.record);
      })
      .catch((e: unknown) => {
        setState({ kind: 'failed', message: e instanceof RunBusyError ? t('runBusy') : errorText(e) });
        onRunFinished(null);
      })
      .finally(() => (handle.current = null));
  };
  if (startRef) startRef.current = start;

  const cancel = (): void => {
    handle.current?.cancel();
    setState((s) => (s.kind === 'running' ? { ...s, cancelling: true } : s));
  };

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
              share: Math.round((held.held?.share ?? 0) * 100),
            })}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={() => start({ ...state.request, confirmMassDelete: true })}>
              {t('confirmDelete')}
            </Button>
            <Button onClick={() => setState({ kind: 'idle' })}>{t('keep')}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {state.kind === 'done' && state.result.preview && <PreviewSummary preview={state.result.preview} />}
      {state.kind === 'done' && !state.result.preview && !held && <RunSummary record={state.result.record} />}
      {state.kind === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t('runFailed', { message: state.message })}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
