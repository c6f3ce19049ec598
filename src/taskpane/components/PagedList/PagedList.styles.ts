import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const usePagedListStyles = makeStyles({
  group: {
    ...column(tokens.spacingVerticalXXS),
    alignItems: 'flex-start',
  },
  note: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, alignSelf: 'stretch' },
  item: { overflowWrap: 'anywhere' },
});
