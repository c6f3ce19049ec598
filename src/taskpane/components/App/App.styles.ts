import { makeStyles, tokens } from '@fluentui/react-components';

export const useAppStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    // Text the user or the data brings (a 255-character folder name, a long e-mail) wraps rather than
    // running off a 320 px pane: inherited by every panel. 'break-word' keeps words whole in tables;
    // a message bar is a flex row whose body would not shrink below its longest word, so there any
    // point may break (the rename prompt was 2,419 px wide at 320 px).
    overflowWrap: 'break-word',
    '& .fui-MessageBarBody': { overflowWrap: 'anywhere', minWidth: 0 },
  },
  main: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}` },
  panel: { paddingBottom: tokens.spacingVerticalM },
  center: { padding: tokens.spacingHorizontalL },
});
