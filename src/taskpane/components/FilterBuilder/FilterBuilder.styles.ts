import { makeStyles, tokens } from '@fluentui/react-components';
import { column } from '../../layout/stack.js';

export const useFilterBuilderStyles = makeStyles({
  // Set apart from the field above it: the filter is a part of its own.
  root: { ...column(tokens.spacingVerticalS), marginTop: tokens.spacingVerticalM },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'start',
  },
  remove: { marginTop: tokens.spacingVerticalXXL, minWidth: 'auto' },
  // A grid, not a flex row: a flex item is never narrower than its longest option, which pushed the
  // button 6 px past the panel at 320 px in English ("Add filter" beside "Name").
  add: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'end',
  },
  code: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre' },
  mark: {
    backgroundColor: tokens.colorPaletteRedBackground2,
    color: tokens.colorPaletteRedForeground2,
    textDecorationLine: 'underline',
  },
});
