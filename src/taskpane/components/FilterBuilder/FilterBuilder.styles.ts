import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useFilterBuilderStyles = makeStyles({
  root: column(tokens.spacingVerticalS),
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
  remove: { marginTop: tokens.spacingVerticalXXL, minWidth: 'auto' },
  add: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'end' },
  code: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre' },
  mark: {
    backgroundColor: tokens.colorPaletteRedBackground2,
    color: tokens.colorPaletteRedForeground2,
    textDecorationLine: 'underline',
  },
});
