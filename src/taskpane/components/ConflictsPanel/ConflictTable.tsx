import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from '@fluentui/react-components';
import type { JSX } from 'react';
import type { ConflictView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';
import { Breakable } from '../../layout/breakable.js';

type FieldConflict = ConflictView['fields'][number];

export interface ConflictTableProps {
  readonly id: string;
  readonly name: string;
  readonly fields: readonly FieldConflict[];
  /** One side's value of a field, with its winner badge and Keep button. */
  readonly sideValue: (f: FieldConflict, side: 'bc' | 'outlook') => JSX.Element;
}

/**
 * A conflict's fields as a table (field, last synced, Business Central, Outlook): only in a pane wide
 * enough for four columns — narrower ones show cards — so it loads with the first wide view.
 */
export function ConflictTable({ id, name, fields, sideValue }: ConflictTableProps): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t, field } = useI18n();
  const sideCell = (f: FieldConflict, side: 'bc' | 'outlook'): JSX.Element => (
    <TableCell className={mergeClasses(styles.cell, f.winner === side && styles.winner)}>
      {sideValue(f, side)}
    </TableCell>
  );
  return (
    <Table id={id} size="extra-small" className={styles.table} aria-label={name}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.labelColumn}>{t('field')}</TableHeaderCell>
          <TableHeaderCell className={styles.baseColumn}>{t('base')}</TableHeaderCell>
          <TableHeaderCell>{t('sideBc')}</TableHeaderCell>
          <TableHeaderCell>{t('sideOutlook')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {fields.map((f) => (
          <TableRow key={f.field}>
            <TableCell className={styles.cell}>{field(f.field)}</TableCell>
            <TableCell className={styles.cell}>
              <Breakable text={f.base} />
            </TableCell>
            {sideCell(f, 'bc')}
            {sideCell(f, 'outlook')}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
