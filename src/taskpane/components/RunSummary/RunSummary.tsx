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
import type { PreviewItem, PreviewView, RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { skipText } from '../../i18n/reasons.js';
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
      <Subtitle2 as="h3">
        {t('result')}: {t(`status_${record.status}`)}
      </Subtitle2>
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
      <Text>
        {t('skipped')}: {record.skipped} · {t('conflicts')}: {record.conflicts}
      </Text>
      <Caption1 className={styles.muted}>
        {t('duration', { seconds: (record.durationMs / 1000).toFixed(1) })}
      </Caption1>
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

function names(items: readonly PreviewItem[], kind: PreviewItem['kind']): string[] {
  return items.filter((i) => i.kind === kind && i.displayName).map((i) => i.displayName as string);
}

function updated(
  items: readonly PreviewItem[],
  side: 'bc' | 'outlook',
  field: (name: string) => string,
): string[] {
  return items
    .filter((i) => i.kind === 'update' && (i[side]?.length ?? 0) > 0)
    .map((i) => `${i.displayName ?? ''} (${(i[side] ?? []).map((f) => field(f.field)).join(', ')})`);
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
      list: updated(preview.items, 'outlook', i18n.field),
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
      list: updated(preview.items, 'bc', i18n.field),
    },
  ].filter((g) => g.n > 0);
  return (
    <section className={styles.root} aria-label={t('previewTitle')}>
      <Subtitle2 as="h3">{t('previewTitle')}</Subtitle2>
      {groups.length === 0 && <Text>{t('noChanges')}</Text>}
      {groups.map((g) => (
        <div key={`${g.side}-${g.label}`}>
          <Text weight="semibold">
            {g.side} · {g.label}: {g.n}
          </Text>
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
      <Text>
        {t('skipped')}: {s.skipped} · {t('conflicts')}: {s.conflicts}
      </Text>
      {preview.skipped.length > 0 && (
        <ul className={styles.list} aria-label={t('skipped')}>
          {preview.skipped.slice(0, 8).map((k) => (
            <li key={k.key}>
              <Caption1>
                {k.displayName || '—'}: {skipText(i18n, k.reason, k.text)}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
