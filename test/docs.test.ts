import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moguraReportJsonSchema } from "../src/domain/report-json-schema.ts";

describe("published documents", () => {
  it("docs/mogura-report.schema.json is the zod schema of today (run npm run docs:schema)", () => {
    const file = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "docs", "mogura-report.schema.json"), "utf8"),
    );
    expect(file).toEqual(JSON.parse(JSON.stringify(moguraReportJsonSchema())));
    expect(file.required).toContain("category");
  });
});

describe("docs/cases.md", () => {
  it("shows the default policy file as shipped", () => {
    const root = join(import.meta.dirname, "..");
    const doc = readFileSync(join(root, "docs", "cases.md"), "utf8");
    const policy = readFileSync(join(root, "src", "cases", "default-policy.yaml"), "utf8");
    expect(doc).toContain(`\`\`\`yaml\n${policy}\`\`\``);
  });
});
