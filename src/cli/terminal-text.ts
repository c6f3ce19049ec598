// eslint-disable-next-line no-control-regex -- the control characters are exactly what is escaped.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` with every C0 and C1 control character (ESC, CR, BEL, …, U+0080–U+009F) written as its
 * escape (`\u001B`): a line the CLI prints from what a server or a store answered — a run id another
 * host chose, an error's message — cannot move the cursor, recolour the terminal or hide what
 * follows it (attack F3: a lease owner holding a newline and an ANSI escape was printed as is).
 */
function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}

/** `line` as terminalText writes it, its one trailing newline (the line's own end) kept. */
export function terminalLine(line: string): string {
  return line.endsWith('\n') ? `${terminalText(line.slice(0, -1))}\n` : terminalText(line);
}
