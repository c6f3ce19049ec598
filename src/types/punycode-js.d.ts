/** The `punycode.js` package (RFC 3492 / RFC 5891; same code as `punycode`, without Node's core-module name clash). */
declare module 'punycode.js' {
  const punycode: {
    /** A domain's ACE labels (`xn--…`) decoded to Unicode; other labels as they are. */
    toUnicode(domain: string): string;
    /** A domain's non-ASCII labels encoded as ACE (`xn--…`); other labels as they are. */
    toASCII(domain: string): string;
  };
  export default punycode;
}
