/** A refusal thrown by the guard; error handlers see a 4xx `statusCode` and a `code`. */
export class BadInput extends Error {
  override readonly name = 'BadInput';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
