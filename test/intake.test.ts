import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ackOf, reportSettled, smtpSend } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const SAMPLES = join(import.meta.dirname, "fixtures", "samples");
const sample = (p: string) => readFileSync(join(SAMPLES, p));

let p: TestPlatform;
let smtpPort: number;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  smtpPort = await freePort();
  p = await startTestPlatform({
    smtp: {
      port: smtpPort,
      recipients: ["abuse@hoster.example", "@abuse.hoster.example"],
      maxMessageBytes: 64 * 1024,
    },
    mail: { from: "Hoster Abuse Desk <abuse@hoster.example>" },
    intake: { rateLimitPerMinute: 1000 },
  });
});
afterAll(() => p?.stop());

const processed = (id: string) => reportSettled(p, id);

async function eventsOf(id: string) {
  return p.store.query<{ data: Record<string, unknown>; seen_count: number }>(
    "SELECT data, seen_count FROM events WHERE report_id = $1 ORDER BY id",
    [id],
  );
}

const sendMail = (raw: Buffer, from = "reporter@cert.example", to = "abuse@hoster.example") =>
  smtpSend(smtpPort, raw, from, to);

describe("the intake API", () => {
  it("keeps the JSON report byte for byte, answers 202 with a tracking number, then makes its event", async () => {
    const body = sample("api/report-phishing.json");
    const r = await p.api("POST", "/api/v1/reports", {
      raw: new Blob([body]),
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ status: "queued", duplicate: false });
    expect(r.body.tracking_number).toMatch(new RegExp(`^MGR-${year}-\\d{6}$`));
    const done = await processed(r.body.id);
    expect(done).toMatchObject({ status: "processed", parser: "mogura-json", event_count: 1 });
    const raw = await fetch(`${p.url}/api/v1/reports/${r.body.id}/raw`, {
      headers: { authorization: `Bearer ${p.adminKey}` },
    });
    expect(Buffer.from(await raw.arrayBuffer()).equals(body)).toBe(true);
    const [event] = await eventsOf(r.body.id);
    expect(event?.data).toMatchObject({
      "classification.type": "phishing",
      "source.ip": "192.0.2.80",
    });
  });

  it("numbers reports in sequence within the year", async () => {
    const send = () =>
      p.api("POST", "/api/v1/reports", {
        raw: "spam from 192.0.2.44",
        headers: { "content-type": "text/plain" },
      });
    const a = (await send()).body.tracking_number as string;
    const b = (await send()).body.tracking_number as string;
    expect(Number(b.slice(-6))).toBe(Number(a.slice(-6)) + 1);
  });

  it("returns the first answer for a repeated Idempotency-Key, and makes no second report", async () => {
    const send = (key: string) =>
      p.api("POST", "/api/v1/reports", {
        raw: '{"category":"scanner","resource":{"ip":"203.0.113.9"}}',
        headers: { "content-type": "application/json", "idempotency-key": key },
      });
    const first = await send("retry-1");
    const again = await send("retry-1");
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.tracking_number).toBe(first.body.tracking_number);
    expect(again.body.duplicate).toBe(true);
    expect((await send("retry-2")).body.id).not.toBe(first.body.id);
  });

  it("counts a repeated observation on the first event instead of storing it again", async () => {
    const body = '{"category":"brute-force","resource":{"ip":"198.51.100.77","port":22}}';
    const send = () =>
      p.api("POST", "/api/v1/reports", {
        raw: body,
        headers: { "content-type": "application/json" },
      });
    const one = await processed((await send()).body.id);
    const two = await processed((await send()).body.id);
    expect(one.event_count).toBe(1);
    expect(two).toMatchObject({ status: "processed", event_count: 0, duplicate_count: 1 });
    expect(two.sighted_event_ids).toEqual(one.event_ids);
    const [event] = await eventsOf(one.id);
    expect(event?.seen_count).toBe(2);
  });

  it("refuses what it cannot take, saying why", async () => {
    const img = await p.api("POST", "/api/v1/reports", {
      raw: "GIF89a",
      headers: { "content-type": "image/gif" },
    });
    expect(img.status).toBe(415);
    expect(img.body.error.code).toBe("unsupported_media_type");
    const empty = await p.api("POST", "/api/v1/reports", {
      raw: "",
      headers: { "content-type": "text/plain" },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("empty_body");
  });

  it("quarantines what does not parse, with its bytes and the reason, and can send it through again", async () => {
    const r = await p.api("POST", "/api/v1/reports", {
      raw: '{"category":"phishing","resource":{"url":"not a url"}}',
      headers: { "content-type": "application/json" },
    });
    const q = await processed(r.body.id);
    expect(q.status).toBe("quarantined");
    expect(q.reason).toContain("resources[0]");
    const listed = await p.api("GET", "/api/v1/quarantine");
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id);
    const re = await p.api("POST", `/api/v1/quarantine/${r.body.id}/reinject`);
    expect(re.status).toBe(202);
    expect((await processed(r.body.id)).status).toBe("quarantined"); // the same parser says the same
    expect((await p.api("POST", `/api/v1/quarantine/${q.id}/reinject`, { key: null })).status).toBe(
      401,
    );
    const audit = await p.api("GET", "/api/v1/audit?limit=1000");
    expect(
      audit.body.items.some(
        (e: { action: string; target: string }) =>
          e.action === "report.reinjected" && e.target === `report:${r.body.id}`,
      ),
    ).toBe(true);
    const twice = await p.api(
      "POST",
      "/api/v1/quarantine/00000000-0000-4000-8000-000000000000/reinject",
    );
    expect(twice.status).toBe(404);
  });

  it("lets a reporter see only its own reports", async () => {
    const keyOf = async (name: string) =>
      (await p.api("POST", "/api/v1/apikeys", { body: { name, role: "reporter" } })).body
        .key as string;
    const alice = await keyOf("reporter-a");
    const bob = await keyOf("reporter-b");
    const mine = await p.api("POST", "/api/v1/reports", {
      key: alice,
      raw: '{"category":"spam","resource":{"ip":"192.0.2.200"}}',
      headers: { "content-type": "application/json" },
    });
    expect(mine.status).toBe(202);
    expect((await p.api("GET", `/api/v1/reports/${mine.body.id}`, { key: alice })).status).toBe(
      200,
    );
    expect((await p.api("GET", `/api/v1/reports/${mine.body.id}`, { key: bob })).status).toBe(404);
    expect((await p.api("GET", `/api/v1/reports/${mine.body.id}/raw`, { key: bob })).status).toBe(
      404,
    );
    const bobs = await p.api("GET", "/api/v1/reports", { key: bob });
    expect(bobs.body.items).toEqual([]);
    const alices = await p.api("GET", "/api/v1/reports", { key: alice });
    expect(alices.body.items.map((i: { id: string }) => i.id)).toEqual([mine.body.id]);
    const all = await p.api("GET", "/api/v1/reports?limit=500");
    expect(all.body.items.map((i: { id: string }) => i.id)).toContain(mine.body.id);
  });

  it("pages through reports with a cursor", async () => {
    const first = await p.api("GET", "/api/v1/reports?limit=2");
    expect(first.body.items).toHaveLength(2);
    const second = await p.api("GET", `/api/v1/reports?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items).toHaveLength(2);
    const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(4);
  });

  it("takes a Shadowserver-style CSV and makes one event per row", async () => {
    const r = await p.api("POST", "/api/v1/reports?filename=2026-11-28-scan_rdp-asn-jp-geo.csv", {
      raw: new Blob([sample("feeds/shadowserver-scan.csv")]),
      headers: { "content-type": "text/csv" },
    });
    const done = await processed(r.body.id);
    expect(done).toMatchObject({ status: "processed", event_count: 4 });
    const events = await eventsOf(r.body.id);
    expect(events.map((e) => e.data["source.ip"])).toEqual([
      "192.0.2.10",
      "192.0.2.11",
      "198.51.100.23",
      "2001:db8:10::5",
    ]);
  });
});

describe("feeds with bad rows", () => {
  it("store the good rows and tell which rows were skipped and why", async () => {
    const csv = [
      '"timestamp","ip","port","hostname","tag","asn","geo"',
      '"2026-11-28 00:14:09",192.0.2.10,3389,,rdp,64500,JP',
      '"2026-11-28 00:15:09",not-an-ip,3389,,rdp,64500,JP',
      '"2026-11-28 00:16:09",192.0.2.12,3389,,rdp,64500,JP',
    ].join("\n");
    const r = await p.api("POST", "/api/v1/reports?format=scan_rdp", {
      raw: csv,
      headers: { "content-type": "text/csv" },
    });
    const done = await processed(r.body.id);
    expect(done).toMatchObject({ status: "processed", event_count: 2 });
    expect(done.meta.skippedRows).toBe(1);
    expect(done.meta.rowProblems[0]).toMatchObject({ row: 3 });
    expect(done.meta.rowProblems[0].reason).toMatch(/not-an-ip|address/i);
  });

  it("quarantine a CSV whose type cannot be told, naming the header", async () => {
    const r = await p.api("POST", "/api/v1/reports", {
      raw: "a,b,c\n1,2,3\n",
      headers: { "content-type": "text/csv" },
    });
    const done = await processed(r.body.id);
    expect(done.status).toBe("quarantined");
    expect(done.reason).toMatch(/a, ?b, ?c|header/);
  });
});

describe("the SMTP intake", () => {
  const mails = readdirSync(join(SAMPLES, "mail")).filter((f) => f.endsWith(".eml"));
  const expected: Record<string, string> = {
    "arf-spam.eml": "spam",
    "xarf-login-attack.eml": "brute-force",
    "plain-phishing.eml": "phishing",
    "xarf-v4-phishing.eml": "phishing",
  };

  it.each(mails)(
    "reads %s, answers with the tracking number, acknowledges unless automatic, and makes the right events",
    async (file) => {
      const info = await sendMail(sample(`mail/${file}`));
      const tracking = /Queued as (MGR-\d{4}-\d{6})/.exec(info.response)?.[1];
      expect(tracking).toBeDefined();
      const [row] = await p.store.query<{ id: string }>(
        "SELECT id FROM reports WHERE tracking_number = $1",
        [tracking],
      );
      const done = await processed(row?.id as string);
      expect(done.status).toBe("processed");
      expect(done.channel).toBe("smtp");
      const events = await eventsOf(done.id);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.data["classification.type"] === expected[file])).toBe(true);
      const ack = await ackOf(p, tracking);
      if (file === "xarf-login-attack.eml") {
        // fail2ban/blocklist.de reports say Auto-Submitted: auto-generated: no reply to a robot.
        expect(ack).toEqual({ skipped: "Auto-Submitted: auto-generated" });
        return;
      }
      expect(ack).toMatchObject({ to: "reporter@cert.example" });
      const outbox = readdirSync(join(p.config.dataDir, "outbox")).map((f) =>
        readFileSync(join(p.config.dataDir, "outbox", f), "utf8"),
      );
      const mail = outbox.find((m) => m.includes(`X-Mogura-Tracking: ${tracking}`));
      expect(mail).toBeDefined();
      expect(mail).toContain("Auto-Submitted: auto-replied");
      expect(mail).toMatch(/^To: reporter@cert\.example/m);
    },
  );

  it("makes no second report for the same mail", async () => {
    const raw = sample("mail/arf-spam.eml");
    const a = await sendMail(raw);
    const b = await sendMail(raw);
    const ta = /Queued as (\S+)/.exec(a.response)?.[1];
    expect(ta).toBeDefined();
    expect(b.response).toContain(`Queued as ${ta} (already received)`);
  });

  it("does not answer automatic mail", async () => {
    const raw = Buffer.from(
      "From: Monitor <noc@cert.example>\r\nTo: abuse@hoster.example\r\nSubject: spam from 192.0.2.61\r\n" +
        "Message-ID: <auto-1@cert.example>\r\nAuto-Submitted: auto-generated\r\n\r\nspam seen from 192.0.2.61\r\n",
    );
    const info = await sendMail(raw, "noc@cert.example");
    const tracking = /Queued as (\S+)/.exec(info.response)?.[1];
    const ack = await ackOf(p, tracking);
    expect(ack).toEqual({ skipped: "Auto-Submitted: auto-generated" });
  });

  it("refuses mail for addresses it does not serve (550) and mail over the size limit (552)", async () => {
    const small = sample("mail/arf-spam.eml");
    await expect(sendMail(small, "x@cert.example", "someone@else.example")).rejects.toMatchObject({
      responseCode: 550,
    });
    expect((await sendMail(small, "x@cert.example", "desk@abuse.hoster.example")).response).toMatch(
      /^250/,
    );
    const big = Buffer.concat([small, Buffer.from(`\r\n${"x".repeat(70 * 1024)}\r\n`)]);
    await expect(sendMail(big)).rejects.toMatchObject({ responseCode: 552 });
  });
});

describe("rate limits", () => {
  it("refuse a key that submits too fast, with 429", async () => {
    const q = await startTestPlatform({ intake: { rateLimitPerMinute: 2 } });
    try {
      const send = () =>
        q.api("POST", "/api/v1/reports", {
          raw: "spam from 192.0.2.1",
          headers: { "content-type": "text/plain" },
        });
      expect((await send()).status).toBe(202);
      expect((await send()).status).toBe(202);
      const third = await send();
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe("rate_limited");
    } finally {
      await q.stop();
    }
  });
});

describe("mail in over STARTTLS, acknowledgement out through the relay", () => {
  it("offers STARTTLS with the configured certificate and sends the acknowledgement to the relay", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mogura-tls-"));
    const [cert, key] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ],
      {
        stdio: "ignore",
      },
    );
    const relayed: { from: string; to: string[]; data: string }[] = [];
    const relay = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onData(stream, session, done) {
        let data = "";
        stream.on("data", (c) => {
          data += c;
        });
        stream.on("end", () => {
          relayed.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          done();
        });
      },
    });
    const relayPort = await freePort();
    await new Promise<void>((r) => relay.listen(relayPort, "127.0.0.1", r));
    const inPort = await freePort();
    const q = await startTestPlatform({
      smtp: { port: inPort, tlsCert: cert, tlsKey: key },
      mail: { relay: `smtp://127.0.0.1:${relayPort}`, from: "Abuse Desk <abuse@hoster.example>" },
    });
    try {
      const client = nodemailer.createTransport({
        host: "127.0.0.1",
        port: inPort,
        secure: false,
        requireTLS: true, // fails unless the server offers STARTTLS
        tls: { rejectUnauthorized: false },
      });
      const info = await client.sendMail({
        envelope: { from: "reporter@cert.example", to: ["abuse@hoster.example"] },
        raw: sample("mail/arf-spam.eml"),
      });
      const tracking = /Queued as (\S+)/.exec(info.response)?.[1] as string;
      expect(tracking).toMatch(/^MGR-/);
      const ack = await until(
        () => relayed.find((m) => m.data.includes(`X-Mogura-Tracking: ${tracking}`)),
        30_000,
        "the acknowledgement at the relay",
      );
      expect(ack.to).toEqual(["reporter@cert.example"]);
      expect(ack.from).toBe("abuse@hoster.example");
      expect(ack.data).toContain("Auto-Submitted: auto-replied");
    } finally {
      await q.stop();
      await new Promise<void>((r) => relay.close(() => r()));
    }
  });
});

describe("limits", () => {
  it("quarantine a report with too many attachments, and skip over-long feed rows", async () => {
    const q = await startTestPlatform({ intake: { maxAttachments: 1, maxLineLength: 200 } });
    try {
      const evidence = [1, 2].map((n) => ({
        kind: "log",
        media_type: "text/plain",
        data_base64: Buffer.from(`log ${n}`).toString("base64"),
      }));
      const r = await q.api("POST", "/api/v1/reports", {
        body: { category: "spam", resource: { ip: "192.0.2.8" }, evidence },
      });
      const csv = [
        '"timestamp","ip","port","tag"',
        '"2026-11-28 00:00:00",192.0.2.1,22,ssh',
        `"2026-11-28 00:00:00",192.0.2.2,22,${"x".repeat(300)}`,
      ].join("\n");
      const f = await q.api("POST", "/api/v1/reports?format=scan_ssh", {
        raw: csv,
        headers: { "content-type": "text/csv" },
      });
      const settled = (id: string) => reportSettled(q, id);
      const att = await settled(r.body.id);
      expect(att.status).toBe("quarantined");
      expect(att.reason).toContain("2 attachments or evidence items, more than 1");
      const feed = await settled(f.body.id);
      expect(feed).toMatchObject({ status: "processed", event_count: 1 });
      expect(feed.meta.skippedRows).toBe(1);
      expect(feed.meta.rowProblems[0].row).toBe(3);
    } finally {
      await q.stop();
    }
  });

  it("quarantine a report with more events than allowed", async () => {
    const q = await startTestPlatform({ intake: { maxEventsPerReport: 3 } });
    try {
      const resources = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"].map((ip) => ({ ip }));
      const r = await q.api("POST", "/api/v1/reports", { body: { category: "spam", resources } });
      const done = await reportSettled(q, r.body.id);
      expect(done.status).toBe("quarantined");
      expect(done.reason).toContain("more than 3 events");
      const events = await q.store.query("SELECT id FROM events WHERE report_id = $1", [r.body.id]);
      expect(events).toEqual([]); // nothing half-written
    } finally {
      await q.stop();
    }
  });
});

describe("large feeds", () => {
  it("stream into the database in chunks past the body limit, come back byte for byte, and become events", async () => {
    const q = await startTestPlatform({
      http: { bodyLimit: 256 * 1024 },
      intake: { maxFeedBytes: 8 * 1024 ** 2 },
    });
    try {
      const rows = ['"timestamp","ip","port","hostname","tag","asn","geo"'];
      for (let i = 0; i < 30_000; i++)
        rows.push(`"2026-11-28 00:00:00",198.18.${i >> 8}.${i & 255},3389,,rdp,64500,JP`);
      const csv = Buffer.from(`${rows.join("\n")}\n`); // about 1.5 MB: six times the body limit
      const r = await q.api("POST", "/api/v1/reports?format=scan_rdp", {
        raw: new Blob([csv]),
        headers: { "content-type": "text/csv" },
      });
      expect(r.status).toBe(202);
      const [row] = await q.store.query<{ chunks: number; raw: unknown }>(
        "SELECT chunks, raw FROM reports WHERE id = $1",
        [r.body.id],
      );
      expect(Number(row?.chunks)).toBeGreaterThan(1);
      expect(row?.raw).toBeNull();
      const raw = await fetch(`${q.url}/api/v1/reports/${r.body.id}/raw`, {
        headers: { authorization: `Bearer ${q.adminKey}` },
      });
      expect(Buffer.from(await raw.arrayBuffer()).equals(csv)).toBe(true);
      const done = await reportSettled(q, r.body.id, 60_000);
      expect(done).toMatchObject({ status: "processed", event_count: 30_000, size: csv.length });
      const other = await q.api("POST", "/api/v1/reports", {
        raw: "x".repeat(300 * 1024),
        headers: { "content-type": "text/plain" },
      });
      expect(other.status).toBe(413); // not a feed: the body limit holds
    } finally {
      await q.stop();
    }
  });

  it("refuse a feed over MOGURA_MAX_FEED_BYTES and keep nothing of it", async () => {
    const q = await startTestPlatform({ intake: { maxFeedBytes: 64 * 1024 } });
    try {
      const csv = `"timestamp","ip","port","tag"\n${'"2026-11-28 00:00:00",192.0.2.1,22,ssh\n'.repeat(3000)}`;
      const r = await q.api("POST", "/api/v1/reports?format=scan_ssh", {
        raw: csv,
        headers: { "content-type": "text/csv" },
      });
      expect(r.status).toBe(413);
      expect(r.body.error.message).toContain("MOGURA_MAX_FEED_BYTES");
      expect(await q.store.query("SELECT id FROM reports")).toEqual([]);
      expect(await q.store.query("SELECT seq FROM report_chunks")).toEqual([]);
      const empty = await q.api("POST", "/api/v1/reports?format=scan_ssh", {
        raw: "",
        headers: { "content-type": "text/csv" },
      });
      expect(empty.status).toBe(400);
    } finally {
      await q.stop();
    }
  });
});
