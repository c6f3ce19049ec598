import { makeStyles, tokens } from '@fluentui/react-components';
import { bareList, ruledColumn } from '../../layout/stack.js';

export const useHistoryPanelStyles = makeStyles({
  list: bareList(tokens.spacingVerticalS),
  item: {
    ...ruledColumn(tokens.spacingVerticalXXS, 'below'),
    paddingBottom: tokens.spacingVerticalS,
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});
