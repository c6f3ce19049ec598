import { makeStyles, tokens } from '@fluentui/react-components';

export const useSenderPanelStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    alignItems: 'flex-start',
  },
});
