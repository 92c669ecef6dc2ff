// `mogura inventory`, `mogura cases` and `mogura stats` as a user runs them.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMogura } from "./support/cli.ts";
import { until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const SAMPLES = join(import.meta.dirname, "fixtures", "samples");
let p: TestPlatform;
const mogura = (...args: string[]) => runMogura(p, args);

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p?.stop());

describe("mogura inventory import", () => {
  it("imports the sample directory, and a second run changes nothing", async () => {
    const first = await mogura("inventory", "import", "--dir", join(SAMPLES, "inventory"));
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/netblocks\s+5\s+0\s+0\s+0/);
    expect(first.stdout).toMatch(/teams\s+2\s+0\s+0\s+0/);
    const again = await mogura("inventory", "import", "--dir", join(SAMPLES, "inventory"));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/netblocks\s+0\s+0\s+5\s+0/);
    const list = await mogura("inventory", "list", "netblocks", "--ip", "192.0.2.81");
    expect(list.stdout).toContain("192.0.2.80/31");
    expect(list.stdout).toContain("S-vps-80");
  });

  it("names the file and line of each bad row, takes the rest, and exits 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mogura-inv-"));
    cpSync(join(SAMPLES, "inventory", "services.csv"), join(dir, "services.csv"));
    writeFileSync(
      join(dir, "netblocks.csv"),
      [
        "cidr,service_id,team_id,shared,valid_from,valid_to,note",
        "203.0.113.0/29,S-vps-23,,no,2026-01-01,,good",
        "192.0.2.5/24,S-vps-23,,no,2026-01-01,,host bits",
        "203.0.113.0/29,S-vps-80,,no,2026-01-01,,duplicate",
        "203.0.113.64/26,S-nope,,no,2026-01-01,,unknown service",
        "203.0.113.128/25,S-vps-23,,no,2026-03-01,2026-02-01,backwards",
        "not-a-cidr,S-vps-23,,no,2026-01-01,,",
      ].join("\n"),
    );
    const r = await mogura("inventory", "import", "--dir", dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/netblocks\s+1\s+0\s+0\s+5/);
    expect(r.stderr).toContain(
      'netblocks.csv:3: 192.0.2.5/24: "192.0.2.5/24" has host bits set: did you mean 192.0.2.0/24?',
    );
    expect(r.stderr).toContain("netblocks.csv:4: 203.0.113.0/29: listed twice: line 2");
    expect(r.stderr).toContain("netblocks.csv:5: 203.0.113.64/26: unknown service_id S-nope");
    expect(r.stderr).toContain(
      "netblocks.csv:6: 203.0.113.128/25: valid_to 2026-02-01 is before valid_from 2026-03-01",
    );
    expect(r.stderr).toMatch(/netblocks\.csv:7: not-a-cidr: .*is not a CIDR/);
  });

  it("says clearly when the directory holds no inventory file", async () => {
    const r = await mogura(
      "inventory",
      "import",
      "--dir",
      mkdtempSync(join(tmpdir(), "mogura-empty-")),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/none of teams\.csv, customers\.csv.* is there/);
  });
});

describe("mogura cases and mogura stats", () => {
  it("lists the queue and shows a case with its timeline", async () => {
    const sent = await p.api("POST", "/api/v1/reports", {
      raw: new Blob([readFileSync(join(SAMPLES, "api", "report-phishing.json"))]),
      headers: { "content-type": "application/json" },
    });
    expect(sent.status).toBe(202);
    const caseId = await until(async () => {
      const [row] = await p.store.query<{ case_id: string | null }>(
        "SELECT case_id FROM events WHERE report_id = $1",
        [sent.body.id],
      );
      return row?.case_id ?? undefined;
    });
    const list = await mogura("cases", "list", "--type", "phishing");
    expect(list.code).toBe(0);
    const row = list.stdout.split("\n").find((l) => l.startsWith(`${caseId} `));
    expect(row).toMatch(
      /new\s+phishing\s+\S+\s+S-vps-80\s+C1003\s+abuse-vps\s+1\s+in (3\.9|4\.0)h/,
    );
    const json = JSON.parse(
      (await mogura("cases", "list", "--json", "--service", "S-vps-80")).stdout,
    );
    expect(json.items.map((c: { id: number }) => c.id)).toContain(Number(caseId));
    const show = await mogura("cases", "show", String(caseId));
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("service S-vps-80 (vps), customer C1003");
    expect(show.stdout).toMatch(/suggested\s+fraudulent_contract: an unverified customer/);
    expect(show.stdout).toMatch(/allowed actions\s+notify_customer, network_filter, null_route/);
    expect(show.stdout).toMatch(/created\s+system/);
    const missing = await mogura("cases", "show", "999999");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("case 999999 not found");
    const stats = await mogura("stats", "--json");
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout).cases).toBeDefined();
  });
});
