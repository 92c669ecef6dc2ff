import { PARSERS } from "./parsers/index.ts";
import type {
  Claim,
  ParsedReport,
  ParseInput,
  ParseLimits,
  ReportParser,
} from "./parsers/types.ts";
import { unwrapBytes, unwrapStream } from "./transport-encoding.ts";

export type { ParsedReport } from "./parsers/types.ts";

/** How large a compressed input may grow once decompressed, unless the caller says. */
const DEFAULT_MAX_UNPACKED = 64 * 1024 * 1024;

const CLAIMS: readonly Claim[] = ["declared", "content", "fallback"];

/**
 * The parser for an input: the one that claims it most strongly, from what the channel
 * declared (type, file name, a feed's stream), then its bytes; the first listed on a tie.
 */
export function pickParser(
  input: ParseInput,
  parsers: readonly ReportParser[] = PARSERS,
): ReportParser | null {
  const claims = parsers.map((p) => p.detect(input));
  for (const level of CLAIMS) {
    const i = claims.indexOf(level);
    if (i >= 0) return parsers[i] as ReportParser;
  }
  return null;
}

/** Chooses the parser for a report and runs it, once gzip and UTF-16 are undone. */
export async function parseReport(
  received: ParseInput,
  limits: ParseLimits & { maxUnpackedBytes?: number } = {},
): Promise<ParsedReport> {
  let input = received;
  if (received.stream) {
    input = { ...received, stream: unwrapStream(received.stream) };
  } else {
    const unwrapped = unwrapBytes(received.bytes, limits.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED);
    if (!unwrapped.ok) return { ok: false, parser: null, reason: unwrapped.reason };
    input = { ...received, bytes: unwrapped.bytes };
  }
  const parser = pickParser(input);
  if (!parser) return { ok: false, parser: null, reason: "no parser reads this input" };
  return parser.parse(input, { maxLineLength: limits.maxLineLength });
}
