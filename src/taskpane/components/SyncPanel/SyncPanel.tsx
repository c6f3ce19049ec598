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
import type { Translate } from '../../i18n/index.js';
import { useI18n } from '../../i18n/index.js';
import { heldText } from '../../i18n/held-text.js';
import { phaseText, progressCountText } from '../../../messages/progress-words.js';
import { useFocusOn, useScreenReaderOnly } from '../../layout/focus.js';
import { useSyncRun } from '../../state/sync-run.js';
import type { RunState } from '../../state/sync-run.js';
import { lazyPart } from '../../layout/lazy.js';
import { LiveRegion } from '../../layout/live-region.js';
import { useSyncPanelStyles } from './SyncPanel.styles.js';
import { busyText } from './busy-text.js';
import { useSaid, waitText } from './wait-words.js';

// A run's result is not on the first screen: its parts load while the run goes (preloaded on start).
const Preview = lazyPart(() => import('../PreviewPanel/index.js'), 'PreviewPanel');
const Summary = lazyPart(() => import('../RunSummary/index.js'), 'RunSummary');

/** The three actions, each with one line (the seeds' words) saying what it does. */
const ACTIONS = [
  { label: 'sync', help: 'syncHelp', primary: true, request: { mode: 'delta', dryRun: false } },
  { label: 'fullSync', help: 'fullSyncHelp', primary: false, request: { mode: 'full', dryRun: false } },
  // The preview shows the mode about to run (a sync); from there, a full sync's plan.
  { label: 'preview', help: 'previewHelp', primary: false, request: { mode: 'delta', dryRun: true } },
] as const;

/**
 * What the polite live region says: while a run goes, `said` — the phase and a wait's reason as each
 * is new (not every count, not every wait: useSaid) — then the outcome. A failure is an alert of its own.
 */
function milestone(t: Translate, state: RunState, said: string | null): string {
  switch (state.kind) {
    case 'running':
      return said ?? t('runStarting');
    case 'done':
      if (state.result.preview) return t('previewTitle', { mode: t(`mode_${state.result.preview.mode}`) });
      if (state.result.record.status === 'held') return t('heldTitle');
      return t('resultStatus', { status: t(`status_${state.result.record.status}`) });
    default:
      return '';
  }
}

/** The two sync actions, the preview, progress with Cancel, the result and the mass-delete question. */
export function SyncPanel(): JSX.Element {
  const styles = useSyncPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const { state, start, cancel, dismiss } = useSyncRun();
  const helpId = useId('sync-help');
  const srOnly = useScreenReaderOnly().root;
  // Each finished run gets a new key: focus moves to its result (the buttons were disabled).
  const finished =
    state.kind === 'done' ? state.result.record.id : state.kind === 'failed' ? state.message : null;
  const resultRef = useFocusOn<HTMLDivElement>(finished);

  const running = state.kind === 'running';
  const progress = running ? state.progress : null;
  const said = useSaid(i18n, running, progress);
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
              onClick={() => {
                void (a.request.dryRun ? Preview : Summary).preload().catch(() => undefined);
                start(a.request);
              }}
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
            label={progress ? phaseText(i18n, progress) : t('runStarting')}
            // Each phase says what it counts (newuser: "Reading contacts 0 of 2" counted the two sides).
            hint={progress ? progressCountText(i18n, progress) : undefined}
          >
            <ProgressBar
              aria-label={t('progressLabel')}
              value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
            />
          </Field>
          {/* Why the run stands still and until when; said to screen readers by the live region. */}
          {progress?.waiting && (
            <Caption1 className={styles.help}>{waitText(i18n, progress.waiting)}</Caption1>
          )}
          <div className={styles.row}>
            <Button onClick={cancel} disabled={state.cancelling}>
              {state.cancelling ? t('cancelling') : t('cancel')}
            </Button>
          </div>
        </div>
      )}
      <LiveRegion className={srOnly}>{milestone(t, state, said)}</LiveRegion>
      <div ref={resultRef} tabIndex={-1} className={styles.result}>
        {held && state.kind === 'done' && (
          <MessageBar intent="warning" layout="multiline" role="alert">
            <MessageBarBody>
              <MessageBarTitle>{t('heldTitle')}</MessageBarTitle>
              {held.held && heldText(t, held.held)}
            </MessageBarBody>
            <MessageBarActions>
              <Button
                appearance="primary"
                onClick={() => start({ ...state.request, confirmMassDelete: true })}
              >
                {t('confirmDelete')}
              </Button>
              <Button onClick={dismiss}>{t('keep')}</Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {state.kind === 'done' && state.result.preview && (
          <Preview.Part
            preview={state.result.preview}
            held={state.result.record.held}
            onPreview={(mode) => start({ mode, dryRun: true })}
          />
        )}
        {state.kind === 'done' && !state.result.preview && !held && (
          <Summary.Part record={state.result.record} />
        )}
        {state.kind === 'failed' && (
          <MessageBar intent="error" layout="multiline" role="alert">
            <MessageBarBody>
              {state.busy && state.busyUntil !== null
                ? busyText(i18n, state)
                : t('runFailed', { message: state.busy ? t('runBusy') : state.message })}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}
