// How the statistics write hours and shares ("—" where there is nothing to measure).

/** A share (0…1) as a percentage with one decimal, or null. */
export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 1000) / 10;

export const hours = (v: unknown) => (v === null || v === undefined ? "—" : `${v} h`);

export const percent = (v: unknown) => (v === null || v === undefined ? "—" : `${v}%`);
