// Any bytes in, and the desk lives: every parser, and the intake API end to end, fuzzed from
// the sample and fixture corpora (mutated, truncated, NUL-laced, gzipped, UTF-16). A parser
// may refuse an input, never throw; whatever it makes is storable. Runs a size that fits in
// the suite; MOGURA_FUZZ_RUNS=5000 runs longer.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Event } from "../src/domain/event.ts";
import { storableJsonText } from "../src/domain/storable.ts";
import { parseReport } from "../src/intake/parse-report.ts";
import { backend } from "./support/database.ts";
import { reportSettled } from "./support/intake.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const RUNS = Number(process.env.MOGURA_FUZZ_RUNS ?? 300);
const ROOT = join(import.meta.dirname, "..");

/** Every sample and parser fixture: real formats to start mutating from. */
function corpus(): Buffer[] {
  const dirs = [
    "test/fixtures/samples/api",
    "test/fixtures/samples/feeds",
    "test/fixtures/samples/mail",
    "src/intake/parsers/fixtures",
  ];
  return dirs.flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => !f.endsWith(".golden.json"))
      .map((f) => readFileSync(join(ROOT, d, f))),
  );
}
const SEEDS = corpus();

const CONTENT_TYPES = [
  "application/json",
  "message/rfc822",
  "text/csv",
  "text/plain",
  "application/octet-stream",
];
const FILENAMES = ["report.json", "mail.eml", "feed.csv", "notes.txt", "x"];
const POISON = [0x00, 0xff, 0xfe, 0x0a, 0x0d, 0x22, 0x2c, 0x7b, 0x7d, 0x3a, 0x3d, 0x5c];

/** A seed changed the ways real inputs go wrong. */
const mutatedInput = fc
  .record({
    seed: fc.constantFrom(...SEEDS),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom("flip", "insert", "delete", "poison"),
        byte: fc.integer({ min: 0, max: 255 }),
        poison: fc.constantFrom(...POISON),
      }),
      { maxLength: 12 },
    ),
    cut: fc.option(fc.nat(), { nil: undefined }),
    wrap: fc.constantFrom("none", "none", "none", "gzip", "utf16le", "bom"),
    // one input in six is plain noise instead of a changed seed
    random: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 5 },
      { arbitrary: fc.uint8Array({ maxLength: 600 }), weight: 1 },
    ),
  })
  .map(({ seed, edits, cut, wrap, random }) => {
    let b = random ? Buffer.from(random) : Buffer.from(seed);
    for (const e of edits) {
      if (b.length === 0) break;
      const i = e.at % b.length;
      if (e.kind === "flip") b[i] = e.byte;
      else if (e.kind === "poison") b[i] = e.poison;
      else if (e.kind === "insert")
        b = Buffer.concat([b.subarray(0, i), Buffer.from([e.poison]), b.subarray(i)]);
      else b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    }
    if (cut !== undefined && b.length > 0) b = b.subarray(0, cut % b.length);
    if (wrap === "gzip") b = gzipSync(b);
    if (wrap === "utf16le")
      b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString("latin1"), "utf16le")]);
    if (wrap === "bom") b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
    return b;
  });

const input = fc.record({
  bytes: mutatedInput,
  // mostly told nothing (the format is detected), sometimes told something, right or wrong
  contentType: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
  ),
  filename: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(...FILENAMES), weight: 1 },
  ),
});

/** What the intake would do with the parse: events (each valid and storable) or a reason. */
async function outcomeOf(i: { bytes: Buffer; contentType?: string; filename?: string }) {
  const parsed = await parseReport({
    bytes: new Uint8Array(i.bytes),
    contentType: i.contentType,
    filename: i.filename,
    receivedAt: new Date("2026-12-01T00:00:00Z"),
  });
  if (!parsed.ok) {
    expect(parsed.reason.length).toBeGreaterThan(0);
    return "refused";
  }
  try {
    for await (const e of parsed.events) {
      expect(Event.safeParse(e).success).toBe(true);
      expect(() => JSON.parse(storableJsonText(e))).not.toThrow();
    }
  } catch (e) {
    // a streamed feed stops on a fatal fault of the input: quarantined with this reason
    if (typeof e === "object" && e !== null && "inputProblem" in e) return "refused";
    throw e;
  }
  return "parsed";
}

describe("fuzzing the parsers", () => {
  it("never throws on any input: it parses or says why not", async () => {
    const seen = { parsed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        seen[await outcomeOf(i)]++;
      }),
      { numRuns: RUNS, seed: Number(process.env.MOGURA_FUZZ_SEED ?? 20261207) },
    );
    // both outcomes happen: the generator is not stuck on one side
    expect(seen.parsed).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  }, 600_000);
});

describe(`fuzzing the intake API (${backend})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ intake: { rateLimitPerMinute: 100_000 } });
  });
  afterAll(() => p?.stop());

  it("ends every input processed or quarantined with a reason, findable by its tracking number", async () => {
    const samples = fc.sample(input, { numRuns: Math.max(20, Math.round(RUNS / 10)), seed: 7 });
    for (const i of samples) {
      const r = await p.api("POST", "/api/v1/reports", {
        raw: new Blob([new Uint8Array(i.bytes)]),
        headers: i.contentType ? { "content-type": i.contentType } : {},
      });
      if (r.status !== 202) {
        // refused at the door: a clear error, nothing half-kept
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.body.error.message.length).toBeGreaterThan(0);
        continue;
      }
      const done = await reportSettled(p, r.body.id, 60_000);
      expect(["processed", "quarantined"]).toContain(done.status);
      if (done.status === "quarantined") expect(done.reason.length).toBeGreaterThan(0);
      const found = await p.api("GET", `/api/v1/reports?tracking_number=${r.body.tracking_number}`);
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
    }
    expect((await p.api("GET", "/healthz", { key: null })).status).toBe(200);
    const failed = await p.api("GET", "/api/v1/jobs/failed");
    expect(failed.body.items).toEqual([]);
  }, 600_000);
});
