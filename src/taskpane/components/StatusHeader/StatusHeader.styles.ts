import { makeStyles, tokens } from '@fluentui/react-components';
import { column, ruledColumn } from '../../layout/stack.js';

export const useStatusHeaderStyles = makeStyles({
  root: {
    ...ruledColumn(tokens.spacingVerticalXS, 'below'),
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  row: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  checks: column(tokens.spacingVerticalXXS),
});
