import { mergeClasses } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { ConflictView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';
import { Value } from '../../layout/breakable.js';
import { CaptionedTable } from '../../layout/captioned-table.js';
import type { TableSlot } from '../../layout/captioned-table.js';

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
  const sideCell = (f: FieldConflict, side: 'bc' | 'outlook'): TableSlot => ({
    content: sideValue(f, side),
    className: mergeClasses(styles.cell, f.winner === side && styles.winner),
  });
  return (
    <CaptionedTable
      id={id}
      size="extra-small"
      className={styles.table}
      label={name}
      columns={[
        { content: t('field'), className: styles.labelColumn },
        { content: t('base'), className: styles.baseColumn },
        { content: t('sideBc') },
        { content: t('sideOutlook') },
      ]}
      rows={fields.map((f) => ({
        key: f.field,
        cells: [
          { content: field(f.field), className: styles.cell },
          { content: <Value text={f.base} />, className: styles.cell },
          sideCell(f, 'bc'),
          sideCell(f, 'outlook'),
        ],
      }))}
    />
  );
}
