import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSyncPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalM),
  buttons: column(tokens.spacingVerticalS),
  action: column(tokens.spacingVerticalXXS),
  help: { color: tokens.colorNeutralForeground3 },
  result: {
    ...column(tokens.spacingVerticalM),
    ':empty': { display: 'none' },
  },
  progress: column(tokens.spacingVerticalXS),
  row: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});
