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
