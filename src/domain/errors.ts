/**
 * An error meant for the person who caused it: a stable machine-readable code, a message a
 * human can act on, and the HTTP status it maps to at the edge.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export const notFound = (what: string) => new UserError("not_found", `${what} not found`, 404);
export const conflict = (message: string) => new UserError("conflict", message, 409);
