import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSkippedPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalM),
  item: {
    ...column(tokens.spacingVerticalXXS),
    paddingBottom: tokens.spacingVerticalXS,
    overflowWrap: 'anywhere',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});
