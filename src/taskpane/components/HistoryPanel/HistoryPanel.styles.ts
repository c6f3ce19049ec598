import { makeStyles, tokens } from '@fluentui/react-components';
import { bareList, column } from '../../layout/stack.js';

export const useHistoryPanelStyles = makeStyles({
  list: bareList(tokens.spacingVerticalS),
  item: {
    ...column(tokens.spacingVerticalXXS),
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});
