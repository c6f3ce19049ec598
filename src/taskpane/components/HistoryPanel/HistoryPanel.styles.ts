import { makeStyles, tokens } from '@fluentui/react-components';

export const useHistoryPanelStyles = makeStyles({
  table: { width: '100%' },
  muted: { color: tokens.colorNeutralForeground3 },
});
