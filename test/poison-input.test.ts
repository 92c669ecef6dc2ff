// What a sender writes may hold bytes the database refuses (NUL, invalid UTF-8), or come
// compressed or in UTF-16. None of it may take the desk down: each report ends processed
// or quarantined with its reason, on the first try, and is findable by its tracking number.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "./support/database.ts";
import { reportSettled, smtpSend } from "./support/intake.ts";
import { freePort } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
let smtpPort: number;
beforeAll(async () => {
  smtpPort = await freePort();
  p = await startTestPlatform({ smtp: { port: smtpPort } });
});
afterAll(() => p?.stop());

async function post(raw: Uint8Array, contentType: string, query = "") {
  const r = await p.api("POST", `/api/v1/reports${query}`, {
    raw: new Blob([new Uint8Array(raw)]),
    headers: { "content-type": contentType },
  });
  expect(r.status).toBe(202);
  return r.body as { id: string; tracking_number: string };
}

/** The report once settled, found by its tracking number, with how often it was tried. */
async function settledByTracking(accepted: { id: string; tracking_number: string }) {
  await reportSettled(p, accepted.id);
  const found = await p.api("GET", `/api/v1/reports?tracking_number=${accepted.tracking_number}`);
  expect(found.body.items).toHaveLength(1);
  const [row] = await p.store.query<{ attempts: number }>(
    "SELECT attempts FROM reports WHERE id = $1",
    [accepted.id],
  );
  return { ...found.body.items[0], attempts: Number(row?.attempts) };
}

const rdpCsv = '"timestamp","ip","port","tag"\n"2026-11-28 00:00:00",192.0.2.61,3389,rdp\n';

describe(`poison inputs (${backend})`, () => {
  it("quarantines JSON holding a NUL byte on the first try, with a storable reason", async () => {
    const r = await settledByTracking(
      await post(Buffer.from('{"category":\u0000}', "latin1"), "application/json"),
    );
    expect(r).toMatchObject({ status: "quarantined", parser: "json", attempts: 1 });
    expect(r.reason).toMatch(/^not valid JSON/);
    expect(r.reason).not.toContain("\u0000");
    // the bytes are kept as they came
    const raw = await fetch(`${p.url}/api/v1/reports/${r.id}/raw`, {
      headers: { authorization: `Bearer ${p.adminKey}` },
    });
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(
      Buffer.from('{"category":\u0000}', "latin1"),
    );
  });

  it("stores a report whose strings hold an escaped NUL, with the NUL made visible", async () => {
    const body = JSON.stringify({
      category: "phishing",
      resource: { url: "http://poison.example/login" },
      description: "kit\u0000left a NUL",
      reporter: { name: "NUL\u0000 CERT", email: "cert@reporter.example" },
    });
    expect(body).toContain("\\u0000");
    const r = await settledByTracking(await post(Buffer.from(body), "application/json"));
    expect(r).toMatchObject({ status: "processed", event_count: 1, attempts: 1 });
    const [ev] = await p.store.query<{ data: Record<string, string> }>(
      "SELECT data FROM events WHERE report_id = $1",
      [r.id],
    );
    expect(JSON.stringify(ev?.data)).not.toContain("\\u0000");
    expect(ev?.data["source.url"]).toBe("http://poison.example/login");
  });

  it("reads JSON sent as UTF-16LE with a byte-order mark", async () => {
    const json = JSON.stringify({ category: "spam", resource: { ip: "192.0.2.62" } });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]);
    const r = await settledByTracking(await post(utf16, "application/json"));
    expect(r).toMatchObject({ status: "processed", event_count: 1, attempts: 1 });
  });

  it("reads gzip-compressed JSON and CSV, and quarantines gzip that is cut short", async () => {
    const json = JSON.stringify({ category: "spam", resource: { ip: "192.0.2.63" } });
    const a = await settledByTracking(await post(gzipSync(json), "application/json"));
    expect(a).toMatchObject({ status: "processed", event_count: 1 });
    const b = await settledByTracking(await post(gzipSync(rdpCsv), "text/csv", "?format=scan_rdp"));
    expect(b).toMatchObject({ status: "processed", event_count: 1 });
    const cut = gzipSync(rdpCsv).subarray(0, 20);
    const c = await settledByTracking(await post(cut, "text/csv"));
    expect(c).toMatchObject({ status: "quarantined", attempts: 1 });
    expect(c.reason).toMatch(/gzip-compressed but cannot be decompressed/);
  });

  it("quarantines a CSV row set with NUL bytes and invalid UTF-8 without failing the feed", async () => {
    const csv = Buffer.concat([
      Buffer.from(
        '"timestamp","ip","port","tag"\n"2026-11-28 00:00:00",192.0.2.64,3389,"rdp\u0000x"\n',
      ),
      Buffer.from([0x22, 0x32, 0x30, 0xff, 0xfe, 0x22, 0x2c, 0x0a]),
    ]);
    const r = await settledByTracking(await post(csv, "text/csv", "?format=scan_rdp"));
    expect(["processed", "quarantined"]).toContain(r.status);
    expect(r.attempts).toBe(1);
    if (r.status === "quarantined") expect(r.reason).toBeTruthy();
    const events = await p.store.query<{ data: unknown }>(
      "SELECT data FROM events WHERE report_id = $1",
      [r.id],
    );
    for (const e of events) expect(JSON.stringify(e.data)).not.toContain("\\u0000");
  });

  it("quarantines an unauthenticated mail whose xarf.json attachment holds a NUL", async () => {
    const attachment = Buffer.from('{"a":\u0000}', "latin1").toString("base64");
    const mail = [
      "From: robot@sender.example",
      "To: abuse@mogura.example",
      "Subject: \u0000 poison",
      "Message-ID: <poison-1@sender.example>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "see attachment",
      "--b1",
      'Content-Type: application/json; name="xarf.json"',
      'Content-Disposition: attachment; filename="xarf.json"',
      "Content-Transfer-Encoding: base64",
      "",
      attachment,
      "--b1--",
      "",
    ].join("\r\n");
    await smtpSend(
      smtpPort,
      Buffer.from(mail, "latin1"),
      "robot@sender.example",
      "abuse@mogura.example",
    );
    const [row] = await waitForMail("<poison-1@sender.example>");
    const r = await settledByTracking({ id: row.id, tracking_number: row.tracking_number });
    expect(r.attempts).toBe(1);
    expect(["quarantined", "processed"]).toContain(r.status);
    expect(JSON.stringify(r)).not.toContain("\\u0000");
  });

  it("is still up and serving after all of it", async () => {
    const h = await p.api("GET", "/healthz", { key: null });
    expect(h.status).toBe(200);
    const failed = await p.api("GET", "/api/v1/jobs/failed");
    expect(failed.status).toBe(200);
    expect(failed.body.items ?? failed.body).toEqual([]);
  });
});

async function waitForMail(messageId: string) {
  for (let i = 0; i < 300; i++) {
    const rows = await p.store.query<{ id: string; tracking_number: string }>(
      "SELECT id, tracking_number FROM reports WHERE message_id = $1",
      [messageId],
    );
    if (rows.length > 0) return rows as [{ id: string; tracking_number: string }];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mail ${messageId} never arrived`);
}
