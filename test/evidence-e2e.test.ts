// The evidence issue's "done when": a reported phishing URL on a local server is captured
// within seconds (page, hops, DNS, RDAP, screenshot), sealed in the ledger, and a flipped
// byte is named by `mogura evidence verify`; under the default policy 127.0.0.1 is refused.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobStore } from "../src/evidence/blob-store.ts";
import { blobDir } from "../src/evidence/engine.ts";
import { readTar, writeTar } from "../src/evidence/tar.ts";
import { runMogura } from "./support/cli.ts";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.ts";
import { until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import {
  cannedDomain,
  cannedNetworkWithCidr0,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "./support/rdap-server.ts";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>ログイン | Example Bank</title></head>
<body><h1>お客様情報の確認</h1><form action="/auth/post.php" method="post"><input name="id"><input name="pw" type="password"></form></body></html>`;

let site: Server;
let sitePort: number;
let dns: TestDnsServer;
let rdap: TestRdapServer;
let p: TestPlatform;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Sends a Mogura JSON report and returns the case its first event landed on. */
async function reportPhish(platform: TestPlatform, url: string, ip?: string): Promise<number> {
  const r = await platform.api("POST", "/api/v1/reports", {
    body: {
      category: "phishing",
      resource: { url, ...(ip ? { ip } : {}) },
      observed_at: new Date().toISOString(),
      reporter: { name: "Example CERT", email: "abuse@cert.example", type: "csirt" },
      description: "Bank phishing page",
      consent_to_forward: true,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return until(async () => {
    const [row] = await platform.store.query<{ case_id: string | null }>(
      "SELECT case_id FROM events WHERE report_id = $1",
      [r.body.id],
    );
    return row?.case_id ? Number(row.case_id) : undefined;
  });
}

/** The case's captures once every one has finished. */
function settledCaptures(platform: TestPlatform, caseId: number, kinds: string[]) {
  return until(
    async () => {
      const { items } = (await platform.api("GET", `/api/v1/cases/${caseId}/evidence`)).body;
      const done = items.filter((c: { status: string }) => c.status !== "queued");
      const have = new Set(done.map((c: { kind: string }) => c.kind));
      return kinds.every((k) => have.has(k)) && done.length === items.length ? items : undefined;
    },
    45_000,
    `captures ${kinds.join(", ")} of case ${caseId}`,
  );
}

beforeAll(async () => {
  site = createServer((req, res) => {
    if (req.url === "/login") {
      res.writeHead(302, { location: "/auth/index.php?session=8812" });
      res.end();
    } else if (req.url?.startsWith("/auth/index.php")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
    } else {
      res.writeHead(404);
      res.end("not found");
    }
  });
  sitePort = await listen(site);
  dns = await startDnsServer({ "secure-login.bank-jp.example": { A: ["127.0.0.1"] } });
  rdap = await startRdapServer({
    domains: { "bank-jp.example": { json: cannedDomain("bank-jp.example") } },
    networks: { "192.0.2.0/24": { json: cannedNetworkWithCidr0() } },
  });
  const bootstrap = writeBootstrapFor(
    join(mkdtempSync(join(tmpdir(), "mogura-rdap-")), "bootstrap.json"),
    rdap.baseUrl,
    { ipv4: ["192.0.2.0/24"] },
  );
  p = await startTestPlatform({
    resolve: { dns: true, dnsServers: [dns.address], dnsTimeoutMs: 1000 },
    evidence: {
      capture: true,
      allowPrivateTargets: true,
      ports: [sitePort],
      rdapBootstrap: bootstrap,
      timeoutSeconds: 15,
    },
  });
});
afterAll(async () => {
  await p?.stop();
  await dns?.close();
  await rdap?.close();
  await new Promise((r) => site?.close(r));
});

describe("evidence captured at report time", () => {
  let caseId: number;
  let captures: {
    kind: string;
    status: string;
    target: string;
    summary: string;
    result: Record<string, unknown>;
    blobs: string[];
    ledger_seq: number | null;
  }[];

  it("shows the page, its hops, DNS, RDAP and a screenshot on the case within seconds", async () => {
    const url = `http://secure-login.bank-jp.example:${sitePort}/login`;
    const started = Date.now();
    caseId = await reportPhish(p, url, "192.0.2.99");
    const chromium = existsSync(p.config.evidence.chromium);
    captures = await settledCaptures(p, caseId, [
      "http",
      "dns",
      "rdap_domain",
      "rdap_ip",
      "screenshot",
    ]);
    expect(Date.now() - started).toBeLessThan(45_000);
    const by = (kind: string) => captures.find((c) => c.kind === kind) as (typeof captures)[number];

    const http = by("http");
    expect(http.status, http.summary).toBe("done");
    const hops = http.result.hops as { url: string; status: number; remote: { ip: string } }[];
    expect(hops.map((h) => h.status)).toEqual([302, 200]);
    expect(hops[0]?.url).toBe(url);
    expect(hops[1]?.url).toContain("/auth/index.php?session=8812");
    expect(hops[0]?.remote.ip).toBe("127.0.0.1");
    const body = await fetch(`${p.url}/api/v1/evidence/blobs/${http.blobs[1]}`, {
      headers: { authorization: `Bearer ${p.adminKey}` },
    });
    expect(await body.text()).toBe(PAGE);

    const dnsCapture = by("dns");
    expect(dnsCapture.status).toBe("done");
    expect(JSON.stringify(dnsCapture.result)).toContain("127.0.0.1");
    expect(by("rdap_domain")).toMatchObject({ status: "done", target: "bank-jp.example" });
    expect(JSON.stringify(by("rdap_domain").result)).toContain("abuse@registrar.example");
    expect(by("rdap_ip")).toMatchObject({ status: "done", target: "192.0.2.99" });

    const shot = by("screenshot");
    if (chromium) {
      expect(shot.status, shot.summary).toBe("done");
      const png = await fetch(`${p.url}/api/v1/evidence/blobs/${shot.blobs[1]}`, {
        headers: { authorization: `Bearer ${p.adminKey}` },
      });
      expect(
        Buffer.from(await png.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    } else {
      expect(shot.status).toBe("skipped");
      expect(shot.summary).toContain("no Chromium");
    }
    // Every capture is sealed, and the case's timeline says what came of it.
    expect(captures.every((c) => c.ledger_seq !== null)).toBe(true);
    const detail = (await p.api("GET", `/api/v1/cases/${caseId}`)).body;
    expect(detail.timeline.filter((t: { kind: string }) => t.kind === "evidence")).toHaveLength(
      captures.length,
    );
  });

  it("draws the same bytes once: another URL serving the same page reuses the picture", async () => {
    const first = captures.find((c) => c.kind === "screenshot");
    if (!existsSync(p.config.evidence.chromium)) {
      // No Chromium here: nothing was drawn, so there is nothing to reuse.
      expect(first?.status).toBe("skipped");
      return;
    }
    if (!first) throw new Error("no screenshot capture");
    const other = `http://secure-login.bank-jp.example:${sitePort}/auth/index.php?session=4242`;
    const again = await reportPhish(p, other, "192.0.2.99");
    const items: typeof captures = await until(
      async () => {
        const { items } = (await p.api("GET", `/api/v1/cases/${again}/evidence`)).body;
        const shot = items.find(
          (c: { kind: string; target: string; status: string }) =>
            c.kind === "screenshot" && c.target === other && c.status !== "queued",
        );
        return shot ? items : undefined;
      },
      45_000,
      "the second screenshot",
    );
    const shot = items.find((c) => c.kind === "screenshot" && c.target === other);
    expect(shot?.status, shot?.summary).toBe("done");
    expect(shot?.result.body_sha256).toBe(first.result.body_sha256);
    expect(shot?.result.rendered_before).toContain("earlier capture");
    expect(shot?.blobs[1]).toBe(first.blobs[1]);
    expect(first.result.rendered_before).toBeUndefined();
  });

  it("seals actions in the ledger too, and the whole ledger verifies", async () => {
    const action = await p.api("POST", `/api/v1/cases/${caseId}/actions`, {
      body: {
        // Not our customer's: the provider can ask whoever hosts it to take it down.
        action: "takedown_request",
        legal_basis: "JPCERT/CC phishing takedown request, reporter's consent",
        evidence: [captures.find((c) => c.kind === "http")?.blobs[1]],
      },
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    const ledger = (await p.api("GET", `/api/v1/evidence/ledger?case_id=${caseId}`)).body.items;
    expect(ledger.map((e: { kind: string }) => e.kind)).toContain("action");
    const v = (await p.api("GET", "/api/v1/evidence/verify")).body;
    expect(v).toMatchObject({ ok: true });
    expect(v.entries).toBeGreaterThanOrEqual(captures.length + 1);
    const key = (await p.api("GET", "/api/v1/evidence/public-key", { key: null })).body;
    expect(key.algorithm).toBe("Ed25519");
    expect(key.public_key).toContain("BEGIN PUBLIC KEY");
  });

  it("exports a package that verifies offline, and fails once one byte in it changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mogura-pkg-"));
    const file = join(dir, "case.tar.gz");
    const exported = await runMogura(p, ["evidence", "export", String(caseId), "-o", file]);
    expect(exported.code, exported.stderr).toBe(0);
    const ok = await runMogura(p, ["evidence", "verify-package", file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("ok: every blob matches its hash and every entry its signature");
    const key = (await p.api("GET", "/api/v1/evidence/public-key", { key: null })).body;
    expect(ok.stdout).toContain(`signed by key ${key.key_id}`);
    // The package holds the page as it was captured.
    const files = readTar(gunzipSync(readFileSync(file)));
    const page = captures.find((c) => c.kind === "http")?.blobs[1];
    expect(files.find((f) => f.name === `blobs/${page}`)?.data.toString()).toBe(PAGE);
    const summary = files.find((f) => f.name === "summary.html")?.data.toString() ?? "";
    expect(summary).toContain("phishing");
    // A customer copy verifies too.
    const customer = join(dir, "customer.tar.gz");
    const c = await runMogura(p, [
      "evidence",
      "export",
      String(caseId),
      "--audience",
      "customer",
      "-o",
      customer,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect((await runMogura(p, ["evidence", "verify-package", customer])).code).toBe(0);
    // One byte of the page changed inside the archive: named, exit 4.
    const tampered = files.map((f) =>
      f.name === `blobs/${page}`
        ? { ...f, data: Buffer.from(PAGE.replace("ログイン", "ログアウト")) }
        : f,
    );
    const bad = join(dir, "tampered.tar.gz");
    writeFileSync(bad, gzipSync(writeTar(tampered)));
    const broken = await runMogura(p, ["evidence", "verify-package", bad]);
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain(`blobs/${page}`);
  });

  it("names the blob whose byte was flipped, through `mogura evidence verify`", async () => {
    const ok = await runMogura(p, ["evidence", "verify"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ ledger entries and \d+ blobs hold/);
    const sha = captures.find((c) => c.kind === "http")?.blobs[1] as string;
    const path = new BlobStore(blobDir(p.config)).pathOf(sha);
    chmodSync(path, 0o640);
    const bytes = readFileSync(path);
    bytes[10] = (bytes[10] as number) ^ 0x01;
    writeFileSync(path, bytes);
    const broken = await runMogura(p, ["evidence", "verify"]);
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain(`blob ${sha} does not match its hash (altered)`);
    bytes[10] = (bytes[10] as number) ^ 0x01;
    writeFileSync(path, bytes);
  });
});

describe("captures against slow servers", () => {
  it("never hold up intake: 100 hanging pages, and a new report is routed at once", async () => {
    const held: import("node:http").ServerResponse[] = [];
    const slow = createServer((_req, res) => {
      held.push(res); // never answered until the test lets go
    });
    const slowPort = await listen(slow);
    try {
      // The fetcher may only reach the ports it is told: this platform allows the slow one.
      const platform = await startTestPlatform({
        evidence: {
          capture: true,
          allowPrivateTargets: true,
          ports: [slowPort],
          timeoutSeconds: 60,
        },
      });
      try {
        const r = await platform.api("POST", "/api/v1/reports", {
          body: {
            category: "phishing",
            resources: Array.from({ length: 100 }, (_, i) => ({
              url: `http://127.0.0.1:${slowPort}/page-${i}`,
            })),
            reporter: { name: "Example CERT", email: "abuse@cert.example", type: "csirt" },
          },
        });
        expect(r.status).toBe(202);
        await until(
          () => held.length >= platform.config.evidence.concurrency,
          30_000,
          "captures hanging",
        );
        const started = Date.now();
        const arf = await platform.api("POST", "/api/v1/reports", {
          raw: new Blob([
            readFileSync(join(import.meta.dirname, "fixtures", "samples", "mail", "arf-spam.eml")),
          ]),
          headers: { "content-type": "message/rfc822" },
        });
        await until(
          async () => {
            const rows = await platform.store.query<{ case_id: string | null }>(
              "SELECT case_id FROM events WHERE report_id = $1",
              [arf.body.id],
            );
            return rows.length > 0 && rows.every((e) => e.case_id !== null);
          },
          20_000,
          "the next report routed",
        );
        const [waiting] = await platform.store.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM evidence_captures WHERE kind = 'http' AND status = 'queued'",
        );
        // The pages still hang, and the mail went through regardless.
        expect(waiting?.n).toBeGreaterThan(90);
        expect(Date.now() - started).toBeLessThan(20_000);
      } finally {
        for (const res of held) res.destroy();
        slow.closeAllConnections();
        await platform.stop();
      }
    } finally {
      await new Promise((done) => slow.close(done));
    }
  });
});

describe("the fetcher under the default policy", () => {
  it("refuses http://127.0.0.1:… and puts the refusal on the case", async () => {
    // Only the address rules are the default here: the port is allowed so they decide.
    const strict = await startTestPlatform({ evidence: { capture: true, ports: [sitePort] } });
    try {
      const caseId = await reportPhish(strict, `http://127.0.0.1:${sitePort}/login`);
      const items = await settledCaptures(strict, caseId, ["http"]);
      const http = items.find((c: { kind: string }) => c.kind === "http");
      expect(http.status).toBe("refused");
      expect(http.summary).toMatch(/127\.0\.0\.1 is a loopback address/);
      expect(http.ledger_seq).not.toBeNull();
      const detail = (await strict.api("GET", `/api/v1/cases/${caseId}`)).body;
      const note = detail.timeline.find(
        (t: { kind: string; detail: { status?: string } }) =>
          t.kind === "evidence" && t.detail.status === "refused",
      );
      expect(note.detail.summary).toMatch(/loopback/);
    } finally {
      await strict.stop();
    }
  });
});
