import { Caption1, Text } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { heldHint } from '../../i18n/held-text.js';
import { durationText } from '../../i18n/duration-text.js';
import { accessText } from '../../i18n/access-text.js';
import { runEndParts } from '../../../core/run-errors.js';
import { moreErrors } from '../../../core/run-error-list.js';
import { runErrorText } from '../../../messages/words.js';
import { runOutcomeTexts } from '../../../messages/run-outcome-words.js';
import { useHistoryPanelStyles } from './HistoryPanel.styles.js';
import { Breakable } from '../../layout/breakable.js';

/** A run that failed on many contacts lists the first few errors and counts the rest. */
const SHOWN_ERRORS = 3;

/**
 * Recent runs, newest first. Each says what ran (mode or preview, status), who started it, on which
 * folder, when and for how long, what it wrote on each side in words, what it skipped or left in
 * conflict, and the errors of a run that failed.
 */
export function HistoryPanel({ runs }: { readonly runs: readonly RunRecord[] }): JSX.Element {
  const styles = useHistoryPanelStyles();
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  if (runs.length === 0) return <Text>{t('noHistory')}</Text>;
  return (
    <ul className={styles.list} aria-label={t('historySection')}>
      {runs.map((r) => {
        const title = t('historyTitle', {
          mode: r.dryRun ? t('dryRun') : t(`mode_${r.mode}`),
          status: t(`status_${r.status}`),
        });
        // The same summary as the result card's, from the record: what it wrote and what may have landed.
        const summary = runOutcomeTexts(i18n, r);
        // A held or cancelled end is the run's status, not an error (runEndParts): a held run's is
        // worded as what it would delete, with what to do; a cancel as what it kept.
        const { outcome, errors } = runEndParts(r);
        const access = accessText(t, r.access);
        return (
          <li key={r.id} className={styles.item} aria-label={title}>
            <Text weight="semibold">{title}</Text>
            <Caption1 className={styles.muted}>
              {t('historyLine', {
                when: dateTime(r.startedAt),
                trigger: t(`trigger_${r.trigger}`),
                folder: r.folderName,
              })}
            </Caption1>
            {access && <Caption1 data-testid="run-access">{access}</Caption1>}
            {[...summary.written, ...summary.notes].map((line) => (
              <Caption1 key={line}>{line}</Caption1>
            ))}
            <Caption1>
              {t('runCounts', { skipped: r.skipped, conflicts: r.conflicts })}
              {/* A running run's record holds the time to its last checkpoint, not how long it took. */}
              {r.status !== 'running' && ` · ${durationText(t, r.durationMs)}`}
            </Caption1>
            {outcome && (
              <Caption1 data-testid="run-outcome">
                <Breakable
                  text={
                    outcome.code === 'held'
                      ? `${runErrorText(i18n, outcome)} ${heldHint(t)}`
                      : runErrorText(i18n, outcome)
                  }
                />
              </Caption1>
            )}
            {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <Caption1 key={i} className={styles.error}>
                <Breakable text={t('error', { message: runErrorText(i18n, e) })} />
              </Caption1>
            ))}
            {moreErrors(errors.length, SHOWN_ERRORS, r) > 0 && (
              <Caption1 className={styles.error}>
                {t('moreErrors', { n: moreErrors(errors.length, SHOWN_ERRORS, r) })}
              </Caption1>
            )}
          </li>
        );
      })}
    </ul>
  );
}
