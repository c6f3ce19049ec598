import { tokens } from '@fluentui/react-components';
import type { GriffelStyle } from '@fluentui/react-components';

/** A vertical stack: the children in a column, `rowGap` apart (a Fluent spacing token). */
export const column = (rowGap: string): GriffelStyle => ({
  display: 'flex',
  flexDirection: 'column',
  rowGap,
});

/** A list without bullets or indent, its items in a column `rowGap` apart. */
export const bareList = (rowGap: string): GriffelStyle => ({
  listStyleType: 'none',
  margin: 0,
  padding: 0,
  ...column(rowGap),
});

/** The pane's one hairline, so every card, row and header is set off by the same line. */
const HAIRLINE = `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`;

/** A column set off by the hairline: all around it (a card) or below it (a row, the header). */
export const ruledColumn = (rowGap: string, edge: 'around' | 'below'): GriffelStyle => ({
  ...column(rowGap),
  ...(edge === 'around' ? { border: HAIRLINE } : { borderBottom: HAIRLINE }),
});
