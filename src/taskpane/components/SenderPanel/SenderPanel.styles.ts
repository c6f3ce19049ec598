import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSenderPanelStyles = makeStyles({
  root: {
    ...column(tokens.spacingVerticalS),
    alignItems: 'flex-start',
    // A long e-mail address has no space to break at.
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
  picker: {
    alignSelf: 'stretch',
    ...column(tokens.spacingVerticalXS),
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});
