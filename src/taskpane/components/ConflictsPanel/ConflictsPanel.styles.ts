import { makeStyles, tokens } from '@fluentui/react-components';
import { bareList, column, ruledColumn } from '../../layout/stack.js';

export const useConflictsPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalS),
  item: {
    ...ruledColumn(tokens.spacingVerticalXS, 'around'),
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
  },
  list: bareList(tokens.spacingVerticalS),
  table: { width: '100%', tableLayout: 'fixed' },
  // The sides hold the long values and the Keep buttons; a field's name and the last synced value
  // take less (the two sides share what is left, 30 % each).
  labelColumn: { width: '18%' },
  baseColumn: { width: '22%' },
  cell: { overflowWrap: 'anywhere', verticalAlign: 'top' },
  value: { display: 'block', overflowWrap: 'anywhere' },
  cards: column(tokens.spacingVerticalS),
  card: {
    ...column(tokens.spacingVerticalXS),
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  cardRow: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 },
  keep: { marginTop: tokens.spacingVerticalXXS, minWidth: 'auto' },
  winner: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteGreenForeground1 },
  row: { display: 'flex', columnGap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { ':empty': { display: 'none' } },
  range: { alignSelf: 'center' },
});
