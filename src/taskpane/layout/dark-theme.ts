// Office's dark theme, in a chunk of its own: most panes are light, and they need not load it.
export { webDarkTheme } from '@fluentui/react-components';
