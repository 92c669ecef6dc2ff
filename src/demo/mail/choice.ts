import type { DemoMailIncident } from "./incident.ts";

/** Line ends in mail. */
export const CRLF = "\r\n";

/** FNV-1a: a stable small hash, so variants do not depend on Math.random or the run. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A deterministic choice for this mail; `salt` keeps independent choices independent. */
export function pick<T>(i: DemoMailIncident, salt: string, options: readonly T[]): T {
  const choice = options[fnv1a(`${i.messageId}/${salt}`) % options.length];
  if (choice === undefined) throw new Error(`no options for ${salt}`);
  return choice;
}

/** A deterministic number in [min, max] for this mail. */
export const between = (i: DemoMailIncident, salt: string, min: number, max: number): number =>
  min + (fnv1a(`${i.messageId}/${salt}`) % (max - min + 1));
