import { z } from "zod";
import { MoguraReport } from "./report-json.ts";

/** The Mogura report JSON as a JSON Schema (draft 2020-12), for reporters' own tools. */
export function moguraReportJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://mogura.invalid/schemas/mogura-report.schema.json",
    title: "Mogura abuse report",
    description:
      "The common language in which a reporter tells a provider what is abusive, with what evidence, and what may be passed on to the customer.",
    ...z.toJSONSchema(MoguraReport, { io: "input", unrepresentable: "any" }),
  };
}
