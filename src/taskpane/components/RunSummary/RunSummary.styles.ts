import { makeStyles, tokens } from '@fluentui/react-components';

export const useRunSummaryStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  table: { width: '100%' },
  num: { textAlign: 'end' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  muted: { color: tokens.colorNeutralForeground3 },
});
