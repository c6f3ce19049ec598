import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useRunSummaryStyles = makeStyles({
  root: column(tokens.spacingVerticalS),
  table: { width: '100%' },
  num: { textAlign: 'end' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  muted: { color: tokens.colorNeutralForeground3 },
});
