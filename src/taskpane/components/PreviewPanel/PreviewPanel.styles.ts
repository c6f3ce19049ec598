import { makeStyles, tokens } from '@fluentui/react-components';

export const usePreviewPanelStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
});
