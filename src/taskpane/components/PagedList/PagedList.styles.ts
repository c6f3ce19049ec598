import { makeStyles, tokens } from '@fluentui/react-components';

export const usePagedListStyles = makeStyles({
  group: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    alignItems: 'flex-start',
  },
  note: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, alignSelf: 'stretch' },
  item: { overflowWrap: 'anywhere' },
});
