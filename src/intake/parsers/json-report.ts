import { parseMoguraObject } from "./mogura-json.ts";
import { type Claim, head, type ReportParser } from "./types.ts";
import { parseXarfJson } from "./xarf-v4.ts";

/**
 * The JSON entry of the parser registry: an application/json (or +json) body, a .json file,
 * or bytes that start with `{`. An XARF v4 report (it has `xarf_version`) goes to the XARF
 * parser, anything else to the Mogura report JSON; the text is decoded once for both.
 */
export const jsonReport: ReportParser = {
  name: "json",
  detect(input): Claim | null {
    if (input.stream) return null;
    const type = input.contentType?.toLowerCase();
    if (
      type === "application/json" ||
      type?.endsWith("+json") ||
      input.filename?.toLowerCase().endsWith(".json")
    )
      return "declared";
    return /^\s*\{/.test(head(input)) ? "content" : null;
  },
  parse(input) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(input.bytes).toString("utf8"));
    } catch (e) {
      return { ok: false, parser: "json", reason: `not valid JSON: ${(e as Error).message}` };
    }
    const isXarf = typeof json === "object" && json !== null && "xarf_version" in json;
    return isXarf ? parseXarfJson(json, input) : parseMoguraObject(json, input);
  },
};
