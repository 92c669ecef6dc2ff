// Writes docs/mogura-report.schema.json from the zod schema (the single source).
// Run with `npm run docs:schema`; a test fails when the file is out of date.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { moguraReportJsonSchema } from "../src/domain/report-json-schema.ts";

const file = join(import.meta.dirname, "..", "docs", "mogura-report.schema.json");
writeFileSync(file, `${JSON.stringify(moguraReportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file}`);
