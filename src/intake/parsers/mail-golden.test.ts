import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Event } from "../../domain/event.ts";
import { emailText, parseEmail } from "./email.ts";
import type { ParseResult } from "./types.ts";
import { parseXarfV4 } from "./xarf-v4.ts";

/*
 * Golden files: every mail and XARF fixture (*.eml through parseEmail, *.json and *.txt HTTP
 * bodies through parseXarfV4) has a <name>.golden.json beside it with the whole result,
 * evidence bytes as size + SHA-256. A missing or different golden file fails;
 * `UPDATE_GOLDEN=1 npx vitest run src/intake/parsers/mail-golden.test.ts` rewrites them
 * (review the diff before keeping it).
 */

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** The mail and XARF fixtures; the folder is shared with other parsers' fixtures. */
const MINE = /^(sample-|arf-|xarf0[12]-|xarf-v4-|fail2ban-|jp-|html-only|bounce)/;

function serializable(r: ParseResult): unknown {
  if (!r.ok) return r;
  return {
    ...r,
    evidence: r.evidence.map(({ data, ...rest }) => ({ ...rest, size: data?.length })),
  };
}

async function run(name: string): Promise<ParseResult> {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, name)));
  const input = { bytes, receivedAt: RECEIVED };
  return name.endsWith(".eml") ? parseEmail(input) : parseXarfV4(input);
}

const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => MINE.test(f) && /\.(eml|json|txt)$/.test(f) && !f.endsWith(".golden.json"))
  .sort();

describe("mail and XARF golden files", () => {
  it("has fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(40);
  });

  it.each(fixtures)("%s", async (name) => {
    const result = await run(name);
    if (result.ok) {
      for (const e of result.events) expect(() => Event.parse(e)).not.toThrow();
      for (const ev of result.evidence) {
        expect(ev.data).toBeInstanceOf(Uint8Array);
        expect(ev.sha256).toBe(
          createHash("sha256")
            .update(ev.data as Uint8Array)
            .digest("hex"),
        );
      }
    } else {
      expect(result.reason.length).toBeGreaterThan(5);
    }
    const golden = path.join(DIR, `${name.replace(/\.(eml|json|txt)$/, "")}.golden.json`);
    const actual = JSON.parse(JSON.stringify(serializable(result)));
    if (UPDATE) fs.writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    expect(fs.existsSync(golden), `${golden} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(golden, "utf8")));
  });

  it.each(fixtures.filter((f) => f.endsWith(".eml")))(
    "%s: emailText never throws",
    async (name) => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, name)));
      const { text, meta } = await emailText({ bytes, receivedAt: RECEIVED });
      expect(typeof text).toBe("string");
      expect(meta.messageId).toMatch(/^<.+@.+>$/);
    },
  );
});
