/** Where the package keeps the library (node_modules/@microsoft/office-js/dist). */
export function officeJsDist(root: string): string;
/** Every file Office.js can request for an Outlook host (see office-js-files.mjs). */
export function outlookOfficeJsFiles(dist: string): {
  readonly files: string[];
  readonly hostScripts: Record<string, string>;
  readonly external: string[];
};
