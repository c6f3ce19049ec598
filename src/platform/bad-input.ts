/**
 * Why an input was refused, as data: a `kind` and the parameters its words need (quoted values as
 * shown-input.ts shows them), for clients that word the refusal in their own language.
 */
export type InputReason = Readonly<Record<string, unknown>> & { readonly kind: string };

/** A refusal thrown by the guard; error handlers see a 4xx `statusCode` and a `code`. */
export class BadInput extends Error {
  override readonly name = 'BadInput';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** The reason as data, and where in the request (`target`: "body", a JSON Pointer, a header). */
    readonly reason?: InputReason,
    readonly target?: string,
  ) {
    super(message);
  }
}
