import {
  Caption1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { JSX } from 'react';
import type { PlanItemView, PreviewView, RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { skipReasonText } from '../../../messages/words.js';
import { useRunSummaryStyles } from './RunSummary.styles.js';

/** Created / updated / deleted per side, skipped, conflicts and duration of a finished run. */
export function RunSummary({ record }: { readonly record: RunRecord }): JSX.Element {
  const styles = useRunSummaryStyles();
  const { t } = useI18n();
  const rows = [
    ['created', record.counts.bc.created, record.counts.outlook.created],
    ['updated', record.counts.bc.updated, record.counts.outlook.updated],
    ['deleted', record.counts.bc.deleted, record.counts.outlook.deleted],
  ] as const;
  return (
    <section className={styles.root} aria-label={t('result')}>
      <Subtitle2 as="h3">{t('resultStatus', { status: t(`status_${record.status}`) })}</Subtitle2>
      <Table size="small" className={styles.table} aria-label={t('result')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell />
            <TableHeaderCell className={styles.num}>{t('sideBc')}</TableHeaderCell>
            <TableHeaderCell className={styles.num}>{t('sideOutlook')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(([key, bc, outlook]) => (
            <TableRow key={key}>
              <TableCell>{t(key)}</TableCell>
              <TableCell className={styles.num}>{bc}</TableCell>
              <TableCell className={styles.num}>{outlook}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Text>{t('runCounts', { skipped: record.skipped, conflicts: record.conflicts })}</Text>
      <Caption1 className={styles.muted}>{t('duration', { seconds: record.durationMs / 1000 })}</Caption1>
      {record.errors.length > 0 && (
        <>
          <Text weight="semibold">{t('runErrors')}</Text>
          <ul className={styles.list}>
            {record.errors.slice(0, 10).map((e, i) => (
              <li key={i}>
                <Caption1>{e.message}</Caption1>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function names(items: readonly PlanItemView[], kind: PlanItemView['kind']): string[] {
  return items.filter((i) => i.kind === kind && i.displayName).map((i) => i.displayName as string);
}

function updated(
  items: readonly PlanItemView[],
  side: 'bc' | 'outlook',
  field: (name: string) => string,
  list: (items: readonly string[]) => string,
): string[] {
  return items
    .filter((i) => i.kind === 'update' && (i[side]?.length ?? 0) > 0)
    .map((i) => `${i.displayName ?? ''} (${list((i[side] ?? []).map((f) => field(f.field)))})`);
}

/** A dry run's plan: what each side would get, before anything is written. */
export function PreviewSummary({ preview }: { readonly preview: PreviewView }): JSX.Element {
  const styles = useRunSummaryStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const s = preview.summary;
  const groups = [
    {
      side: t('sideOutlook'),
      label: t('wouldCreate'),
      n: s.outlook.create,
      list: names(preview.items, 'createInOutlook'),
    },
    {
      side: t('sideOutlook'),
      label: t('wouldUpdate'),
      n: s.outlook.update,
      list: updated(preview.items, 'outlook', i18n.field, i18n.list),
    },
    {
      side: t('sideOutlook'),
      label: t('wouldDelete'),
      n: s.outlook.delete,
      list: names(preview.items, 'deleteInOutlook'),
    },
    { side: t('sideBc'), label: t('wouldCreate'), n: s.bc.create, list: names(preview.items, 'createInBc') },
    {
      side: t('sideBc'),
      label: t('wouldUpdate'),
      n: s.bc.update,
      list: updated(preview.items, 'bc', i18n.field, i18n.list),
    },
  ].filter((g) => g.n > 0);
  return (
    <section className={styles.root} aria-label={t('previewTitle')}>
      <Subtitle2 as="h3">{t('previewTitle')}</Subtitle2>
      {groups.length === 0 && <Text>{t('noChanges')}</Text>}
      {groups.map((g) => (
        <div key={`${g.side}-${g.label}`}>
          <Text weight="semibold">{t('previewGroup', { side: g.side, action: g.label, n: g.n })}</Text>
          <ul className={styles.list}>
            {g.list.slice(0, 8).map((name, i) => (
              <li key={i}>
                <Caption1>{name}</Caption1>
              </li>
            ))}
            {g.list.length > 8 && (
              <li>
                <Caption1>…</Caption1>
              </li>
            )}
          </ul>
        </div>
      ))}
      <Text>{t('runCounts', { skipped: s.skipped, conflicts: s.conflicts })}</Text>
      {preview.skipped.length > 0 && (
        <ul className={styles.list} aria-label={t('skipped')}>
          {preview.skipped.slice(0, 8).map((k) => (
            <li key={k.key}>
              <Caption1>
                {t('nameAndReason', { name: k.displayName || '—', reason: skipReasonText(i18n, k.reason) })}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
