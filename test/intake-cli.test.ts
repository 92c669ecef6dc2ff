// `mogura ingest` and `mogura quarantine` as a user runs them, against a running server.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMogura } from "./support/cli.ts";
import { reportSettled } from "./support/intake.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const SAMPLES = join(import.meta.dirname, "fixtures", "samples");
let p: TestPlatform;
let dir: string;

beforeAll(async () => {
  p = await startTestPlatform();
  dir = mkdtempSync(join(tmpdir(), "mogura-ingest-"));
});
afterAll(() => p?.stop());

const mogura = (args: string[], input?: string) => runMogura(p, args, input);

const lines = (s: string) =>
  s
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t"));

const settled = (id: string) => reportSettled(p, id);

describe("mogura ingest", () => {
  it("submits a CSV, a mail, an mbox of two mails, a JSON report and a text, one line each", async () => {
    const mbox = join(dir, "complaints.mbox");
    const spam = readFileSync(join(SAMPLES, "mail/arf-spam.eml"), "latin1");
    const other = spam
      .replace(/^Message-ID: .*$/im, "Message-ID: <second@mbox.example>")
      .replace(/192\.0\.2\.\d+/g, "198.51.100.66");
    writeFileSync(
      mbox,
      `From reporter@cert.example Sat Nov 28 12:00:00 2026\n${spam}\nFrom x@y Sat Nov 28 12:01:00 2026\n${other}\n`,
      "latin1",
    );
    const text = join(dir, "note.txt");
    writeFileSync(text, "フィッシングサイトです: hxxps://fake-bank[.]example/login （192.0.2.77）");
    const csv = join(SAMPLES, "feeds/shadowserver-scan.csv");
    const eml = join(SAMPLES, "mail/xarf-v4-phishing.eml");
    const json = join(SAMPLES, "api/report-phishing.json");

    const r = await mogura(["ingest", csv, eml, mbox, json, text]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((l) => l[0])).toEqual([csv, eml, mbox, mbox, json, text]);
    for (const l of out) expect(l[1]).toMatch(/^MGR-\d{4}-\d{6}$/);

    const reports = await Promise.all(out.map((l) => settled(l[2] as string)));
    expect(reports.map((x) => x.status)).toEqual([
      "processed",
      "processed",
      "processed",
      "processed",
      "processed",
      "processed",
    ]);
    expect(reports[0]).toMatchObject({
      channel: "api",
      filename: "shadowserver-scan.csv",
      event_count: 4,
    });
    expect(reports[2]?.filename).toBe("complaints.mbox#1");
    expect(reports[3]?.filename).toBe("complaints.mbox#2");
    expect(reports[5]?.parser).toBe("free-text");
  });

  it("gives the CSV's report type with --format", async () => {
    const sink = join(dir, "sinkhole.csv");
    writeFileSync(sink, readFileSync(join(SAMPLES, "feeds/shadowserver-sinkhole.csv")));
    const r = await mogura(["ingest", "--format", "event4_sinkhole_http", sink]);
    expect(r.code).toBe(0);
    const report = await settled(lines(r.stdout)[0]?.[2] as string);
    expect(report).toMatchObject({ status: "processed", format: "event4_sinkhole_http" });
    const [e] = await p.store.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM events WHERE report_id = $1 LIMIT 1",
      [report.id],
    );
    expect(e?.data["classification.type"]).toBe("infected-system");
    expect(e?.data["malware.name"]).toBe("vawtrak");
  });

  it("names a missing file and goes on with the others, exiting 1", async () => {
    const good = join(dir, "good.txt");
    writeFileSync(good, "spam from 192.0.2.45");
    const r = await mogura(["ingest", join(dir, "missing.eml"), good]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, "missing.eml")}: no such file`);
    expect(lines(r.stdout).map((l) => l[0])).toEqual([good]);
  });
});

describe("mogura quarantine", () => {
  it("lists a report that did not parse, shows its bytes, and sends it through again", async () => {
    const bad = join(dir, "nothing.txt");
    writeFileSync(bad, "こんにちは。特に何もありません。");
    const sub = await mogura(["ingest", bad]);
    const id = lines(sub.stdout)[0]?.[2] as string;
    expect((await settled(id)).status).toBe("quarantined");

    const list = await mogura(["quarantine", "list"]);
    expect(list.code).toBe(0);
    const row = list.stdout.split("\n").find((l) => l.startsWith(id));
    expect(row).toMatch(/free-text/);

    const show = await mogura(["quarantine", "show", id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^status\s+quarantined$/m);
    expect(show.stdout).toContain("こんにちは。特に何もありません。");

    const re = await mogura(["quarantine", "reinject", id]);
    expect(re.code).toBe(0);
    expect(re.stdout).toContain(`${id}\t`);
    expect((await settled(id)).status).toBe("quarantined");
    const again = await mogura(["quarantine", "reinject", "00000000-0000-4000-8000-000000000000"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/404 not_found/);
  });
});
