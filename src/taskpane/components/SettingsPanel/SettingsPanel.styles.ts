import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useSettingsPanelStyles = makeStyles({
  root: column(tokens.spacingVerticalM),
  match: {
    ...column(tokens.spacingVerticalXXS),
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  empty: { display: 'none' },
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalS },
  // Three buttons do not fit one line at 320 px in every language (nl "Annuleren" was cut off).
  promptActions: { flexWrap: 'wrap', rowGap: tokens.spacingVerticalXS },
});
