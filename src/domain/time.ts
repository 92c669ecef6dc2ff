/**
 * A time from the database (a Date, or the text PostgreSQL sends) as UTC ISO-8601; null
 * and undefined become null. Rows read as records have unknown values, hence `unknown`.
 */
export const isoOrNull = (d: unknown): string | null =>
  d == null ? null : new Date(d as string | number | Date).toISOString();

/** A time known to be there, as UTC ISO-8601. */
export const iso = (d: Date | string | number): string => new Date(d).toISOString();
