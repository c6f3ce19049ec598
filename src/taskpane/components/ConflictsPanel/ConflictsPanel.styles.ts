import { makeStyles, tokens } from '@fluentui/react-components';

export const useConflictsPanelStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
  },
  table: { width: '100%', tableLayout: 'fixed' },
  cell: { overflowWrap: 'anywhere', verticalAlign: 'top' },
  value: { display: 'block', overflowWrap: 'anywhere' },
  cards: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  card: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  cardRow: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 },
  keep: { marginTop: tokens.spacingVerticalXXS, minWidth: 'auto' },
  winner: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorPaletteGreenForeground1 },
  row: { display: 'flex', columnGap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { ':empty': { display: 'none' } },
});
