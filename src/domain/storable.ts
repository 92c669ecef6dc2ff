/**
 * Text from outside made storable. PostgreSQL's text and jsonb refuse U+0000 (and jsonb a
 * lone surrogate), so a single NUL in a mail or a JSON body used to make every write of
 * that value fail, including the one recording the failure. Everything from outside passes
 * through here before it reaches a text or JSON column or a log line.
 */

// U+FFFD, as a decoder shows bytes it cannot read: visible to an analyst, and storable.
const REPLACEMENT = "\uFFFD";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point
const BAD_CHARS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_BAD_CHAR = new RegExp(BAD_CHARS.source);

/** The string with U+0000 and lone surrogates replaced by U+FFFD; the same string when clean. */
export function storableText(s: string): string {
  return HAS_BAD_CHAR.test(s) ? s.replace(BAD_CHARS, REPLACEMENT) : s;
}

/** `storableText` that lets null and undefined through. */
export function storableOrNull<T extends string | null | undefined>(s: T): T {
  return (typeof s === "string" ? storableText(s) : s) as T;
}

// JSON.stringify writes U+0000 and lone surrogates as `\u` escapes, which jsonb refuses. A
// false hit (the input's own text "\u0000" is written "\\u0000") only costs the slow path.
const JSON_ESCAPED_BAD = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

/**
 * The JSON text of `value`, storable in a jsonb column: every string, keys included, made
 * storable. The common clean value costs one regular-expression scan of its JSON.
 */
export function storableJsonText(value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return JSON_ESCAPED_BAD.test(json) ? JSON.stringify(storableJson(value)) : json;
}

/** A copy of a JSON-able value with every string, keys included, made storable. */
export function storableJson<T>(value: T): T {
  return cleanDeep(value) as T;
}

function cleanDeep(v: unknown): unknown {
  if (typeof v === "string") return storableText(v);
  if (Array.isArray(v)) return v.map(cleanDeep);
  if (v !== null && typeof v === "object") {
    const toJson = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof toJson === "function") return cleanDeep(toJson.call(v));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[storableText(k)] = cleanDeep(x);
    return out;
  }
  return v;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * A piece of the input quoted for a reason or a log line: control characters and lone
 * surrogates escaped (so the quote is plain storable text), at most `max` characters.
 */
export function quoteInput(s: string, max = 60): string {
  const chars = [...s];
  const quoted = JSON.stringify(chars.slice(0, max).join(""));
  return chars.length > max ? `${quoted.slice(0, -1)}…"` : quoted;
}

/**
 * A message (an error's, a reason) made storable and readable in one line of a log: NUL,
 * lone surrogates and other control characters but tab and line ends become U+FFFD, and
 * it is cut to `max` characters.
 */
export function storableMessage(s: string, max = 1000): string {
  const clean = storableText(s).replace(CONTROLS, REPLACEMENT);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * An error as it may be logged: name, message, code and stack, made storable. A database
 * error carries the query's parameters, which hold what a sender wrote: they are left out.
 */
export function loggableError(err: unknown) {
  if (!(err instanceof Error)) return { message: storableMessage(String(err)) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: storableMessage(err.message),
    code: typeof code === "string" ? code : undefined,
    stack: err.stack ? storableMessage(err.stack, 4000) : undefined,
  };
}
