import { makeStyles, tokens } from '@fluentui/react-components';

export const useAppStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  main: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}` },
  panel: { paddingBottom: tokens.spacingVerticalM },
  center: { padding: tokens.spacingHorizontalL },
});
