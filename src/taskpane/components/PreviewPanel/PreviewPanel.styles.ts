import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const usePreviewPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalS),
});
