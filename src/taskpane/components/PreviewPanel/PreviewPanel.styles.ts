import { makeStyles, tokens } from '@fluentui/react-components';

export const usePreviewPanelStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  group: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    alignItems: 'flex-start',
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, alignSelf: 'stretch' },
  item: { overflowWrap: 'anywhere' },
});
