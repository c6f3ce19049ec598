import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSkippedPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalM),
  item: {
    ...column(tokens.spacingVerticalXXS),
    paddingBottom: tokens.spacingVerticalXS,
    overflowWrap: 'anywhere',
  },
  // A further reason and its hint, set in like the contact's details.
  further: column('0px'),
  muted: { color: tokens.colorNeutralForeground3 },
});
