import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moguraReportJsonSchema } from "../src/domain/report-json-schema.ts";
import { PORTAL_WORDS } from "../src/server/routes/portal.ts";
import { en, ja } from "../web/src/dict.ts";

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

describe("the guided tour (docs/tour.md, docs/tour.ja.md)", () => {
  const root = join(import.meta.dirname, "..");
  /** A dict value as a pattern: `{n}` and the like stand for anything. */
  const pattern = (v: string) =>
    new RegExp(`^${v.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, ".+")}$`);
  const values = [...Object.values(en), ...Object.values(ja)];
  // A label may be quoted without its closing full stop.
  const words = [...values, ...values.map((v) => v.replace(/[.。]$/, ""))].map(pattern);
  /** "A: B" is two labels, as the UI shows a field and its value; "(…)" and "?" are its marks. */
  const isWord = (b: string) => {
    const label = b.replace(/^\((.*)\)$/, "$1").replace(/\?$/, "");
    const known = (part: string) => words.some((w) => w.test(part));
    return known(label) || label.split(": ").every(known);
  };
  const portal = Object.values(PORTAL_WORDS).flatMap((w) => Object.values(w) as string[]);

  for (const file of ["tour.md", "tour.ja.md"]) {
    it(`${file}: every label it names in bold is a word of the UI or the portal`, () => {
      const text = readFileSync(join(root, "docs", file), "utf8");
      const bold = [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) =>
        (m[1] as string).replace(/\s+/g, " "),
      );
      expect(bold.length).toBeGreaterThan(40);
      const unknown = bold.filter(
        (b) =>
          !isWord(b) &&
          // The portal's sentences may be quoted up to their first full stop.
          !portal.some((p) => p === b || (p.startsWith(b) && /[。.]$/.test(b))),
      );
      expect(unknown).toEqual([]);
    });

    it(`${file}: every picture it shows is there`, () => {
      const text = readFileSync(join(root, "docs", file), "utf8");
      const pictures = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);
      expect(pictures.length).toBe(13);
      for (const p of pictures) expect(existsSync(join(root, "docs", p)), p).toBe(true);
    });
  }
});
