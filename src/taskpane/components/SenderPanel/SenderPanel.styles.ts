import { makeStyles, tokens } from '@fluentui/react-components';

export const useSenderPanelStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    alignItems: 'flex-start',
    // A long e-mail address has no space to break at.
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
  picker: {
    alignSelf: 'stretch',
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});
