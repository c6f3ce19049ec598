import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useStatusHeaderStyles = makeStyles({
  root: {
    ...column(tokens.spacingVerticalXS),
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  checks: column(tokens.spacingVerticalXXS),
});
