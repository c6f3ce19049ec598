import { Caption1, Subtitle2, Text } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { runErrorText } from '../../../messages/words.js';
import { runOutcomeTexts } from '../../../messages/run-outcome-words.js';
import { useRunSummaryStyles } from './RunSummary.styles.js';
import { durationText } from '../../i18n/duration-text.js';
import { moreErrors } from '../../../core/run-error-list.js';
import { runEndParts } from '../../../core/run-errors.js';
import { CaptionedTable } from '../../layout/captioned-table.js';

/** A run that failed on many contacts lists the first errors and counts the rest. */
const SHOWN_ERRORS = 10;

/** Created / updated / deleted per side, skipped, conflicts and duration of a finished run. */
export function RunSummary({ record }: { readonly record: RunRecord }): JSX.Element {
  const styles = useRunSummaryStyles();
  const i18n = useI18n();
  const { t } = i18n;
  // A cancel is what the run did, said beside its status; only failures go under Errors.
  const { outcome, errors } = runEndParts(record);
  const rows = [
    ['created', record.counts.bc.created, record.counts.outlook.created],
    ['updated', record.counts.bc.updated, record.counts.outlook.updated],
    ['deleted', record.counts.bc.deleted, record.counts.outlook.deleted],
  ] as const;
  return (
    <section className={styles.root} aria-label={t('result')}>
      <Subtitle2 as="h3">{t('resultStatus', { status: t(`status_${record.status}`) })}</Subtitle2>
      <CaptionedTable
        size="small"
        className={styles.table}
        label={t('result')}
        columns={[
          {},
          { content: t('sideBc'), className: styles.num },
          { content: t('sideOutlook'), className: styles.num },
        ]}
        rows={rows.map(([key, bc, outlook]) => ({
          key,
          cells: [
            { content: t(key) },
            { content: bc, className: styles.num },
            { content: outlook, className: styles.num },
          ],
        }))}
      />
      <Text>{t('runCounts', { skipped: record.skipped, conflicts: record.conflicts })}</Text>
      {/* The table holds the counts; the notes are the history's (one summary from the record). */}
      {runOutcomeTexts(i18n, record).notes.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      {outcome && <Text data-testid="run-outcome">{runErrorText(i18n, outcome)}</Text>}
      <Caption1 className={styles.muted}>{durationText(t, record.durationMs)}</Caption1>
      {errors.length > 0 && (
        <>
          <Text weight="semibold">{t('runErrors')}</Text>
          <ul className={styles.list}>
            {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <li key={i}>
                <Caption1>{runErrorText(i18n, e)}</Caption1>
              </li>
            ))}
          </ul>
          {moreErrors(errors.length, SHOWN_ERRORS, record) > 0 && (
            <Caption1>{t('moreErrors', { n: moreErrors(errors.length, SHOWN_ERRORS, record) })}</Caption1>
          )}
        </>
      )}
    </section>
  );
}
