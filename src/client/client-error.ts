/**
 * A failure of a call to Mogura's API (unreachable, refused, no key), said in one line; the
 * command line prints it with its exit code, without a stack trace.
 */
export class ClientError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "ClientError";
  }
}
