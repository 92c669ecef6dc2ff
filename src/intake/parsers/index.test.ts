import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pickParser } from "../parse-report.ts";
import { PARSERS } from "./index.ts";
import type { ParseInput, ReportParser } from "./types.ts";

const input = (o: Partial<ParseInput> & { text?: string }): ParseInput => ({
  bytes: new TextEncoder().encode(o.text ?? ""),
  receivedAt: new Date("2026-11-28T12:30:00Z"),
  ...o,
});

describe("the parser registry", () => {
  it("has one entry per name", () => {
    const names = PARSERS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // The declared type and the file name first (in the registry's order), then the bytes.
  it.each([
    [{ stream: (async function* () {})(), contentType: "application/json" }, "shadowserver-csv"],
    [{ contentType: "application/json" }, "json"],
    [{ contentType: "application/xarf+json" }, "json"],
    [{ contentType: "text/plain", filename: "report.JSON" }, "json"],
    [{ contentType: "message/rfc822", filename: "report.json" }, "json"],
    [{ contentType: "message/rfc822" }, "email"],
    [{ filename: "complaint.eml" }, "email"],
    [{ contentType: "text/csv", filename: "complaint.eml" }, "email"],
    [{ contentType: "text/csv" }, "shadowserver-csv"],
    [
      { contentType: "text/plain", filename: "2026-11-28-scan_rdp-asn-jp-geo.csv" },
      "shadowserver-csv",
    ],
    [{ text: '  {"category":"spam"}' }, "json"],
    [{ contentType: "text/plain", text: '{"category":"spam"}' }, "json"],
    [{ text: "From: a@cert.example\nSubject: spam\n\nspam from 192.0.2.1\n" }, "email"],
    [{ contentType: "application/octet-stream", text: "Received: from x\nDate: now\n\n" }, "email"],
    [{ text: "Key: value\nOther: thing\n\nno mail header" }, "free-text"],
    [{ contentType: "text/plain", text: "phishing at http://shop.example/" }, "free-text"],
  ] as [Partial<ParseInput> & { text?: string }, string][])("%o goes to %s", (given, name) => {
    expect(pickParser(input(given))?.name).toBe(name);
  });

  it("takes a new format from its entry alone", () => {
    const yaml: ReportParser = {
      name: "yaml-test",
      detect: (i) => (i.filename?.endsWith(".yaml") ? "declared" : null),
      parse: () => ({ ok: false, parser: "yaml-test", reason: "test" }),
    };
    const parsers = [...PARSERS.slice(0, -1), yaml, ...PARSERS.slice(-1)];
    expect(pickParser(input({ filename: "r.yaml", text: "a: b" }), parsers)?.name).toBe(
      "yaml-test",
    );
    expect(pickParser(input({ filename: "r.txt", text: "a: b" }), parsers)?.name).toBe("free-text");
  });
});

describe("the parsers' modules", () => {
  it("import one another without a cycle (types too), and never the registry", () => {
    const dir = import.meta.dirname;
    const modules = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const imports = new Map(
      modules.map((f) => {
        const text = fs.readFileSync(path.join(dir, f), "utf8");
        const local = [...text.matchAll(/^(?:import|export)[^;]*?from "\.\/([^"]+)"/gms)];
        return [f, local.map((m) => m[1] as string)];
      }),
    );
    for (const [f, deps] of imports)
      if (f !== "index.ts") expect(deps, f).not.toContain("index.ts");
    const cycles: string[] = [];
    const walk = (f: string, path: string[]) => {
      for (const d of imports.get(f) ?? []) {
        if (path.includes(d)) cycles.push([...path.slice(path.indexOf(d)), d].join(" → "));
        else walk(d, [...path, d]);
      }
    };
    for (const f of modules) walk(f, [f]);
    expect(cycles).toEqual([]);
  });
});
