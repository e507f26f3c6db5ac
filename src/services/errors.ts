/**
 * A failure the caller can fix (unknown site, bad range): the HTTP layer answers 4xx with its code and message,
 * the CLI prints the message and exits 2. Anything else is a bug and is logged, not shown.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 | 409 | 422 = 400,
  ) {
    super(message);
  }
}
