import { makeStyles, tokens } from '@fluentui/react-components';

export const useSyncPanelStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  buttons: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  action: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  help: { color: tokens.colorNeutralForeground3 },
  result: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    ':empty': { display: 'none' },
  },
  progress: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  row: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});
