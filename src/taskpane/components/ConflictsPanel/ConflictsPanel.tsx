import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, ResolveChoice } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { errorText } from '../../services.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';

export interface ConflictsPanelProps {
  readonly conflicts: readonly ConflictView[];
  /** Writes the choice to both sides; the caller refreshes the list afterwards. */
  readonly onResolve: (bcId: string, choice: ResolveChoice) => Promise<void>;
}

function ConflictItem({
  conflict,
  onResolve,
}: {
  conflict: ConflictView;
  onResolve: ConflictsPanelProps['onResolve'];
}): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t, field, list } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `conflict-${conflict.bcId}`;
  const name = conflict.displayName;

  const resolve = async (choice: ResolveChoice): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await onResolve(conflict.bcId, choice);
    } catch (e) {
      setError(t('resolveFailed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };
  const cellClass = (winner: boolean): string => mergeClasses(styles.cell, winner && styles.winner);

  // One column per side: its value, the winner badge and, per field, the button that keeps it.
  const sideCell = (f: ConflictView['fields'][number], side: 'bc' | 'outlook'): JSX.Element => (
    <TableCell className={cellClass(f.winner === side)}>
      <span className={styles.value}>{f[side] || '—'}</span>
      {f.winner === side && (
        <Badge size="small" appearance="tint" color="success">
          {t('winner')}
        </Badge>
      )}
      {perField && (
        <Button
          size="small"
          appearance="outline"
          className={styles.keep}
          disabled={busy}
          aria-label={t(side === 'bc' ? 'keepBcField' : 'keepOutlookField', { field: field(f.field) })}
          onClick={() => void resolve({ fields: { [f.field]: side } })}
        >
          {t('keepShort')}
        </Button>
      )}
    </TableCell>
  );
  const perField = conflict.kind === 'fields';

  return (
    <li className={styles.item} aria-label={name}>
      <Text weight="semibold">{name}</Text>
      {conflict.kind === 'deletedInBc' && <Caption1 className={styles.muted}>{t('deletedInBc')}</Caption1>}
      <div className={styles.row}>
        <Button
          size="small"
          aria-expanded={open}
          aria-controls={id}
          aria-label={t('showFields', { name })}
          onClick={() => setOpen(!open)}
        >
          {list(conflict.fields.map((f) => field(f.field))) || t('field')}
        </Button>
      </div>
      {open && (
        <Table id={id} size="extra-small" className={styles.table} aria-label={name}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('field')}</TableHeaderCell>
              <TableHeaderCell>{t('base')}</TableHeaderCell>
              <TableHeaderCell>{t('sideBc')}</TableHeaderCell>
              <TableHeaderCell>{t('sideOutlook')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {conflict.fields.map((f) => (
              <TableRow key={f.field}>
                <TableCell className={styles.cell}>{field(f.field)}</TableCell>
                <TableCell className={styles.cell}>{f.base}</TableCell>
                {sideCell(f, 'bc')}
                {sideCell(f, 'outlook')}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className={styles.row}>
        <Button
          size="small"
          disabled={busy}
          aria-label={t('keepBcAll', { name })}
          onClick={() => void resolve({ side: 'bc' })}
        >
          {t('keepBc')}
        </Button>
        <Button
          size="small"
          disabled={busy}
          aria-label={t('keepOutlookAll', { name })}
          onClick={() => void resolve({ side: 'outlook' })}
        >
          {t('keepOutlook')}
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </li>
  );
}

/** Recorded conflicts, each with base / Business Central / Outlook per field and the winner marked. */
export function ConflictsPanel({ conflicts, onResolve }: ConflictsPanelProps): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t } = useI18n();
  // Said politely after each resolution: the resolved item leaves the list, so it cannot say it.
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const resolve: ConflictsPanelProps['onResolve'] = async (bcId, choice) => {
    setConfirmed(null);
    await onResolve(bcId, choice);
    setConfirmed(t('resolved'));
  };
  return (
    <>
      <div role="status" aria-live="polite" className={styles.status}>
        {confirmed && <Text>{confirmed}</Text>}
      </div>
      {conflicts.length === 0 ? (
        <Text>{t('noConflicts')}</Text>
      ) : (
        <ul className={styles.list} aria-label={t('conflicts')}>
          {conflicts.map((c) => (
            <ConflictItem key={c.bcId} conflict={c} onResolve={resolve} />
          ))}
        </ul>
      )}
    </>
  );
}
