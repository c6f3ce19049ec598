import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { JSX, ReactNode } from 'react';

/** A cell of a captioned table: what it shows (nothing for an empty caption) and its class. */
export interface TableSlot {
  readonly content?: ReactNode;
  readonly className?: string | undefined;
}

export interface CaptionedTableProps {
  readonly id?: string;
  readonly size: 'extra-small' | 'small';
  readonly className: string;
  /** The table's accessible name. */
  readonly label: string;
  readonly columns: readonly TableSlot[];
  readonly rows: readonly { readonly key: string; readonly cells: readonly TableSlot[] }[];
}

/**
 * A table of one caption row and a row of cells per entry: how the pane draws its grids (a
 * conflict's fields side by side, a run's counts per side), so each says only what goes in them.
 */
export function CaptionedTable({
  id,
  size,
  className,
  label,
  columns,
  rows,
}: CaptionedTableProps): JSX.Element {
  return (
    <Table id={id} size={size} className={className} aria-label={label}>
      <TableHeader>
        <TableRow>
          {columns.map((c, i) => (
            <TableHeaderCell key={i} className={c.className}>
              {c.content}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>
            {row.cells.map((c, i) => (
              <TableCell key={i} className={c.className}>
                {c.content}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
