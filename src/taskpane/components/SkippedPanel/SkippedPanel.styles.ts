import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSkippedPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalM),
  item: {
    ...column(tokens.spacingVerticalXXS),
    paddingBottom: tokens.spacingVerticalXS,
    overflowWrap: 'anywhere',
  },
  // A contact's further reasons: a labelled list set in under its name (F120), not a title-like line.
  further: { ...column('0px'), paddingLeft: tokens.spacingHorizontalS },
  furtherList: {
    ...column(tokens.spacingVerticalXXS),
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    listStyleType: 'disc',
  },
  furtherItem: { display: 'list-item' },
  block: { display: 'block' },
  muted: { color: tokens.colorNeutralForeground3 },
});
