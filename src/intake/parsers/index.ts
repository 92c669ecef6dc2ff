import { emailReport } from "./email.ts";
import { freeTextReport } from "./free-text.ts";
import { jsonReport } from "./json-report.ts";
import { shadowserverCsv } from "./shadowserver-csv.ts";
import type { ReportParser } from "./types.ts";

/**
 * The parser registry. parseReport gives an input to the parser that claims it most
 * strongly (see Claim); among parsers that claim it equally, the one listed first. A new
 * format is a module exporting a ReportParser, listed here; nothing else changes.
 */
export const PARSERS: readonly ReportParser[] = [
  jsonReport,
  emailReport,
  shadowserverCsv,
  freeTextReport,
];
