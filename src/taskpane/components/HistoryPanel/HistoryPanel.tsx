import { Caption1, Table, TableBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useHistoryPanelStyles } from './HistoryPanel.styles.js';

function writes(r: RunRecord): number {
  const s = (c: RunRecord['counts']['bc']): number => c.created + c.updated + c.deleted;
  return s(r.counts.bc) + s(r.counts.outlook);
}

/** Recent runs, newest first. */
export function HistoryPanel({ runs }: { readonly runs: readonly RunRecord[] }): JSX.Element {
  const styles = useHistoryPanelStyles();
  const { t, dateTime } = useI18n();
  if (runs.length === 0) return <Text>{t('noHistory')}</Text>;
  return (
    <Table size="small" className={styles.table} aria-label={t('historySection')}>
      <TableBody>
        {runs.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Text>
                {t('historyTitle', {
                  mode: r.dryRun ? t('dryRun') : t(`mode_${r.mode}`),
                  status: t(`status_${r.status}`),
                })}
              </Text>
              <br />
              <Caption1 className={styles.muted}>
                {t('historyLine', {
                  when: dateTime(r.startedAt),
                  trigger: t(`trigger_${r.trigger}`),
                  writes: writes(r),
                  seconds: r.durationMs / 1000,
                })}
              </Caption1>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
