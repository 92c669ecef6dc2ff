// For the mail parsers' tests: a fixture mail parsed as the intake would parse it.
import fs from "node:fs";
import path from "node:path";
import { parseEmail } from "./email.ts";
import type { ParseResult } from "./types.ts";

export const FIXTURES = path.join(import.meta.dirname, "fixtures");
export const RECEIVED = new Date("2026-11-28T12:30:00Z");

/** Parses `fixtures/<name>` with parseEmail, received at RECEIVED. */
export const parseFixture = (name: string) =>
  parseEmail({
    bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))),
    receivedAt: RECEIVED,
  });

/** The result if it is a success; otherwise the test fails with the parser's reason. */
export function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.parser}: ${r.reason}`);
  return r;
}
