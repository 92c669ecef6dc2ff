// Intake under awkward conditions: slow uploads, concurrent repeats, values the database
// refuses, look-alike mails from two submitters, odd file names and cursors, reply loops.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepAbandonedUploads } from "../src/intake/report-store.ts";
import { ackOf, reportSettled, smtpSend } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
let smtpPort: number;
beforeAll(async () => {
  smtpPort = await freePort();
  p = await startTestPlatform({ smtp: { port: smtpPort } });
});
afterAll(() => p?.stop());

const settled = (id: string) => reportSettled(p, id);
const json = (body: unknown, key?: string | null) =>
  p.api("POST", "/api/v1/reports", { body, key });

describe("intake hardening", () => {
  it("keeps taking reports while a slow client is still uploading a feed", async () => {
    const url = new URL(`${p.url}/api/v1/reports?format=scan_rdp`);
    let slowUpload: ReturnType<typeof request> | undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: "POST",
          headers: { authorization: `Bearer ${p.adminKey}`, "content-type": "text/csv" },
        },
        (res) => {
          let body = "";
          res.on("data", (d) => {
            body += d;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write('"timestamp","ip","port","tag"\n"2026-11-28 00:00:00",192.0.2.31,3389,rdp\n');
      // The upload stays open until the other report below is through.
      slowUpload = req;
    });
    await until(() => slowUpload);
    const other = await json({ category: "spam", resource: { ip: "192.0.2.32" } });
    expect(other.status).toBe(202);
    expect(other.body.tracking_number).toMatch(/^MGR-/);
    slowUpload?.end('"2026-11-28 00:00:01",192.0.2.33,3389,rdp\n');
    const done = await answer;
    expect(done.status).toBe(202);
    const feed = await settled(JSON.parse(done.body).id);
    expect(feed).toMatchObject({ status: "processed", event_count: 2 });
  });

  it("stores one event for the same observation reported four times at once", async () => {
    const body = { category: "exploit", resource: { ip: "198.51.100.201", port: 8080 } };
    const ids = (await Promise.all([1, 2, 3, 4].map(() => json(body)))).map(
      (r) => r.body.id as string,
    );
    const reports = await Promise.all(ids.map(settled));
    expect(reports.reduce((n, r) => n + r.event_count, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.duplicate_count, 0)).toBe(3);
    const rows = await p.store.query<{ seen_count: number }>(
      "SELECT seen_count FROM events WHERE data->>'source.ip' = '198.51.100.201'",
    );
    expect(rows.map((r) => Number(r.seen_count))).toEqual([4]);
  });

  it("counts a repeat by when it arrived, not by the reporter's clock", async () => {
    const body = {
      category: "scanner",
      resource: { ip: "198.51.100.202" },
      observed_at: "2020-01-01T00:00:00Z",
    };
    const one = await settled((await json(body)).body.id);
    const two = await settled((await json(body)).body.id);
    expect(one.event_count).toBe(1);
    expect(two).toMatchObject({ event_count: 0, duplicate_count: 1 });
  });

  it("stores text the database would refuse (a NUL) made storable, on the first try", async () => {
    const r = await json({
      category: "spam",
      resource: { ip: "192.0.2.34" },
      description: "nul \u0000 inside",
    });
    const done = await settled(r.body.id);
    expect(done).toMatchObject({ status: "processed", event_count: 1 });
    const [row] = await p.store.query<{ attempts: number }>(
      "SELECT attempts FROM reports WHERE id = $1",
      [r.body.id],
    );
    expect(Number(row?.attempts)).toBe(1);
  });

  it("keeps the same mail from two submitters apart, each reading only its own", async () => {
    const keyOf = async (name: string) =>
      (await p.api("POST", "/api/v1/apikeys", { body: { name, role: "reporter" } })).body.key;
    const [a, b] = [await keyOf("twin-a"), await keyOf("twin-b")];
    const mail =
      "From: x@cert.example\r\nMessage-ID: <twin@cert.example>\r\nSubject: spam\r\n\r\nspam from 192.0.2.35\r\n";
    const send = (key: string) =>
      p.api("POST", "/api/v1/reports", {
        key,
        raw: mail,
        headers: { "content-type": "message/rfc822" },
      });
    const ra = await send(a);
    const rb = await send(b);
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(rb.body.duplicate).toBe(false);
    expect((await p.api("GET", `/api/v1/reports/${rb.body.id}`, { key: b })).status).toBe(200);
    expect((await send(a)).body).toMatchObject({ id: ra.body.id, duplicate: true });
  });

  it("answers 400 to a cursor it never gave out", async () => {
    const r = await p.api("GET", "/api/v1/reports?cursor=garbage");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_cursor");
  });

  it("serves the raw bytes of a report whatever its file name", async () => {
    const r = await p.api(
      "POST",
      `/api/v1/reports?filename=${encodeURIComponent('苦情"メモ".txt')}`,
      {
        raw: "spam from 192.0.2.36",
        headers: { "content-type": "text/plain" },
      },
    );
    const raw = await fetch(`${p.url}/api/v1/reports/${r.body.id}/raw`, {
      headers: { authorization: `Bearer ${p.adminKey}` },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent('苦情"メモ".txt')}`,
    );
    expect(await raw.text()).toBe("spam from 192.0.2.36");
  });

  it("does not acknowledge a reply that carries one of our tracking numbers", async () => {
    const raw = Buffer.from(
      "From: helpdesk@isp.example\r\nTo: abuse@hoster.example\r\nSubject: Re: [MGR-2026-000001] Report received\r\n" +
        "Message-ID: <loop-1@isp.example>\r\n\r\nThanks, we are on it. spam from 192.0.2.37\r\n",
    );
    const info = await smtpSend(smtpPort, raw, "helpdesk@isp.example", "abuse@hoster.example");
    const tracking = /Queued as (\S+)/.exec(info.response)?.[1];
    const ack = await ackOf(p, tracking);
    expect(ack).toEqual({ skipped: "a reply to one of our own mails" });
  });

  it("sweeps away an upload a crash cut short, and nothing else", async () => {
    const [row] = await p.store.query<{ id: string }>(
      `INSERT INTO reports (channel, owner, size, sha256, status, received_at)
       VALUES ('api', 'apikey:x', 0, '', 'receiving', now() - interval '2 hours') RETURNING id`,
    );
    await p.store.query(
      "INSERT INTO report_chunks (report_id, seq, data) VALUES ($1, 0, '\\x00')",
      [row?.id],
    );
    const before = (await p.store.query("SELECT id FROM reports WHERE status <> 'receiving'"))
      .length;
    expect(await sweepAbandonedUploads(p.store, 3600)).toBe(1);
    expect(await p.store.query("SELECT id FROM reports WHERE id = $1", [row?.id])).toEqual([]);
    expect(
      await p.store.query("SELECT seq FROM report_chunks WHERE report_id = $1", [row?.id]),
    ).toEqual([]);
    expect((await p.store.query("SELECT id FROM reports")).length).toBe(before);
  });
});
