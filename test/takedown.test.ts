// Asking other providers to act on a phishing site that is not ours: contacts looked up on
// local RDAP and DNS servers, requests drafted per recipient (XARF v4 and a Japanese mail),
// sent through the outbox to a real SMTP relay, the host's answer threaded back by its reply
// address, and the chain escalated to the registrar.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readInventoryDir } from "../src/inventory/csv-files.ts";
import { XarfReport } from "../src/takedown/xarf.ts";
import { runMogura } from "./support/cli.ts";
import { smtpSend, submitRouted } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import type { TestPlatform } from "./support/platform.ts";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink.ts";
import { PHISH, startTakedownWorld, type TakedownWorld } from "./support/takedown-world.ts";

let world: TakedownWorld;
let sink: SmtpSink;
let p: TestPlatform;
let caseId: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  world = await startTakedownWorld({
    smtp: { port: await freePort() },
    mail: { relay: sink.url, from: "Hoster Abuse Desk <abuse@hoster.example>" },
  });
  ({ p, caseId } = world);
});

afterAll(async () => {
  await world?.close();
  await sink?.close();
});

describe("a takedown request", () => {
  let hostRequest: number;

  it("is drafted for the host and the registrar at once, for phishing, with the contacts' sources", async () => {
    const r = await p.api("POST", `/api/v1/cases/${caseId}/takedown-requests`, { body: {} });
    expect(r.status).toBe(201);
    const byRole = Object.fromEntries(r.body.requests.map((q: { role: string }) => [q.role, q]));
    expect(Object.keys(byRole).sort()).toEqual(["host", "registrar"]);
    expect(byRole.host).toMatchObject({
      state: "draft",
      channel: "email",
      format: "both",
      language: "ja",
      resources: [PHISH],
      recipient: { email: "abuse@hosting.example", source: "rdap", country: "JP" },
    });
    expect(byRole.registrar.recipient).toMatchObject({
      email: "abuse@registrar.example",
      iana_id: "9999",
    });
    // Phishing is chased after 12 hours.
    const hours = (Date.parse(byRole.host.deadline_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    // The registrar's network is English-speaking: its request is in English.
    expect(byRole.registrar.language).toBe("en");
    expect(byRole.host.subject).toMatch(
      /^【対応のお願い】フィッシング.*secure-login\.phish-bank\.example \[TD-\d+-\d+\]$/,
    );
    expect(byRole.host.body).toContain("不正利用対応ご担当者様");
    expect(byRole.host.body).toContain(PHISH);
    expect(byRole.registrar.body).toMatch(
      /^Dear Example Registrar, Inc\. abuse team \(registrar\),/,
    );
    // No platform is asked when the host is on none.
    expect(r.body.problems).toEqual([]);
    hostRequest = byRole.host.id;
    // The XARF report is valid XARF v4 and names the URL, in the desk's name only.
    const [xarf] = byRole.host.xarf.reports;
    expect(XarfReport.safeParse(xarf).success).toBe(true);
    expect(xarf).toMatchObject({
      xarf_version: "4.2.0",
      category: "content",
      type: "phishing",
      url: PHISH,
      source_identifier: "192.0.2.80",
      reporter: {
        org: "Hoster Abuse Desk",
        contact: "abuse@hoster.example",
        domain: "hoster.example",
      },
    });
    expect(JSON.stringify(xarf)).not.toContain("cert@reporter.example");
  });

  it("is not drafted twice for a recipient that already has an open one", async () => {
    const again = await p.api("POST", `/api/v1/cases/${caseId}/takedown-requests`, {
      body: { roles: ["host"] },
    });
    expect(again.status).toBe(201);
    expect(again.body.requests).toEqual([]);
    expect(again.body.problems[0]).toMatch(/already has an open request/);
  });

  it("goes out through the outbox with XARF attached and a reply address that threads back", async () => {
    const sent = await p.api("POST", `/api/v1/takedown-requests/${hostRequest}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: "sent" });
    expect(sent.body.sent_at).not.toBeNull();
    const mail = await until(
      () => sink.mails.find((m) => m.to.includes("abuse@hosting.example")),
      30_000,
      "the request mail",
    );
    expect(mail.mail.subject).toMatch(/\[TD-\d+-\d+\]$/);
    const attachment = mail.mail.attachments.find((a) => a.filename === "xarf.json");
    expect(attachment?.contentType).toBe("application/json");
    expect(XarfReport.parse(JSON.parse(attachment?.content.toString("utf8") ?? "")).url).toBe(
      PHISH,
    );
    const replyTo = mail.mail.replyTo?.value[0]?.address ?? "";
    expect(replyTo).toMatch(/^abuse\+[a-z2-7]{32}@hoster\.example$/);
    // Staff see the request as stored: the token exists only in the mail that went out.
    const stored = await p.api("GET", `/api/v1/takedown-requests/${hostRequest}`);
    expect(JSON.stringify(stored.body)).not.toContain(replyTo.slice(6, 38));

    // The host answers to the reply address: filed with the request, which is acknowledged.
    const answer = [
      "From: Hosting Abuse <abuse@hosting.example>",
      `To: ${replyTo}`,
      `Subject: Re: ${mail.mail.subject}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "We have suspended the account. Ticket #4411.",
      "",
    ].join("\r\n");
    await smtpSend(p.smtpPort as number, answer, "abuse@hosting.example", replyTo);
    const answered = await until(
      async () => {
        const r = await p.api("GET", `/api/v1/takedown-requests/${hostRequest}`);
        return r.body.replies?.length > 0 ? r.body : undefined;
      },
      30_000,
      "the reply filed",
    );
    expect(answered.state).toBe("acknowledged");
    expect(answered.replies[0]).toMatchObject({ sender: "abuse@hosting.example" });
    expect(answered.replies[0].body).toContain("suspended the account");
    // It is not taken as a new abuse report.
    const reports = await p.api("GET", "/api/v1/reports?limit=50");
    expect(JSON.stringify(reports.body)).not.toContain("Ticket #4411");
    const detail = await p.api("GET", `/api/v1/cases/${caseId}`);
    const steps = detail.body.timeline
      .filter((t: { kind: string }) => t.kind === "takedown")
      .map((t: { detail: { step: string } }) => t.detail.step);
    expect(steps).toEqual(expect.arrayContaining(["drafted", "sent", "reply"]));
  });

  it("moves as the desk records what happened, and refuses a move that makes no sense", async () => {
    const acted = await p.api("POST", `/api/v1/takedown-requests/${hostRequest}/state`, {
      body: { state: "resource_down", note: "the page answers 404 now" },
    });
    expect(acted.status).toBe(200);
    expect(acted.body.state).toBe("resource_down");
    expect(acted.body.down_at).not.toBeNull();
    const back = await p.api("POST", `/api/v1/takedown-requests/${hostRequest}/state`, {
      body: { state: "refused" },
    });
    expect(back.status).toBe(409);
    expect(back.body.error.message).toMatch(/is resource_down; it can go to closed, acted/);
  });

  it("escalates an unanswered registrar request to the registry, telling the history", async () => {
    const list = await p.api("GET", `/api/v1/cases/${caseId}/takedown-requests`);
    const registrar = list.body.requests.find((q: { role: string }) => q.role === "registrar");
    await p.api("POST", `/api/v1/takedown-requests/${registrar.id}/send`);
    const unanswered = await p.api("POST", `/api/v1/takedown-requests/${registrar.id}/state`, {
      body: { state: "unanswered" },
    });
    expect(unanswered.body.state).toBe("unanswered");
    const esc = await p.api("POST", `/api/v1/takedown-requests/${registrar.id}/escalate`);
    expect(esc.status).toBe(201);
    // The test world publishes no registry contact (IANA's root is off): the desk is told so.
    expect(esc.body.requests).toEqual([]);
    expect(esc.body.problems[0]).toMatch(/no registry contact/);
    // With the desk's own entry for the registry, the escalation is drafted.
    const override = await p.api("POST", "/api/v1/contacts/overrides", {
      body: {
        role: "registry",
        match_kind: "tld",
        match_value: "example",
        email: "abuse@nic.example",
        organisation: "Example Registry",
      },
    });
    expect(override.status).toBe(200);
    const again = await p.api("POST", `/api/v1/takedown-requests/${registrar.id}/escalate`);
    expect(again.status).toBe(201);
    const next = again.body.requests[0];
    if (!next) throw new Error(JSON.stringify(again.body));
    expect(next).toMatchObject({ role: "registry", escalates: registrar.id, state: "draft" });
    expect(next.recipient).toMatchObject({ email: "abuse@nic.example", source: "override" });
    expect(next.body).toContain("What happened so far:");
    expect(next.body).toMatch(/asked Example Registrar, Inc\. \(unanswered\)/);
    const old = await p.api("GET", `/api/v1/takedown-requests/${registrar.id}`);
    expect(old.body.state).toBe("escalated");
  });

  it("chases a request whose deadline passed: unanswered, escalated, and the next one sent", async () => {
    await p.api("POST", "/api/v1/contacts/overrides", {
      body: {
        role: "cert",
        match_kind: "country",
        match_value: "JP",
        organisation: "National CERT",
        email: "incident@cert.example",
      },
    });
    const list = await p.api("GET", `/api/v1/cases/${caseId}/takedown-requests`);
    const registry = list.body.requests.find((q: { role: string }) => q.role === "registry");
    expect((await p.api("POST", `/api/v1/takedown-requests/${registry.id}/send`)).body.state).toBe(
      "sent",
    );
    await p.store.query(
      "UPDATE takedown_requests SET deadline_at = now() - interval '1 minute' WHERE id = $1",
      [registry.id],
    );
    await p.jobs.send("takedown.chase", {});
    const cert = await until(
      async () => {
        const r = await p.api("GET", `/api/v1/cases/${caseId}/takedown-requests`);
        return r.body.requests.find(
          (q: { role: string; state: string }) => q.role === "cert" && q.state === "sent",
        );
      },
      30_000,
      "the escalation to the national CERT",
    );
    expect(cert).toMatchObject({ escalates: registry.id, language: "ja" });
    expect(cert.recipient).toMatchObject({ email: "incident@cert.example", source: "override" });
    expect((await p.api("GET", `/api/v1/takedown-requests/${registry.id}`)).body.state).toBe(
      "escalated",
    );
    const mail = await until(
      () => sink.mails.find((m) => m.to.includes("incident@cert.example")),
      30_000,
      "the CERT's mail",
    );
    expect(mail.mail.text).toContain("■ これまでの経緯");
    expect(mail.mail.text).toMatch(/Example Registry へ依頼 \(回答なし\)/);
  });

  it("is refused for a case of our own customer, and for no case", async () => {
    const { batch } = readInventoryDir(
      join(import.meta.dirname, "fixtures", "samples", "inventory"),
    );
    expect(
      (await p.api("POST", "/api/v1/inventory/import", { body: batch })).body.rejections,
    ).toEqual([]);
    const report = await submitRouted(p, {
      category: "scanner",
      resource: { ip: "198.51.100.23" },
      observed_at: new Date().toISOString(),
    });
    const ours = await p.api("GET", `/api/v1/cases?ownership=customer`);
    const c = ours.body.items.find((x: { resource: string }) => x.resource === "198.51.100.23");
    expect(c, `a customer case from report ${report}`).toBeDefined();
    const r = await p.api("POST", `/api/v1/cases/${c.id}/takedown-requests`, { body: {} });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "not_a_takedown" });
    expect(r.body.error.message).toMatch(/notify the customer instead/);
    expect(
      (await p.api("POST", "/api/v1/cases/999999/takedown-requests", { body: {} })).status,
    ).toBe(404);
  });

  it("is listed and shown by `mogura takedown`", async () => {
    const list = await runMogura(p, ["takedown", "list", "--case", String(caseId)]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/resource_down\s+host\s+abuse@hosting\.example/);
    const show = await runMogura(p, ["takedown", "show", String(hostRequest)]);
    expect(show.stdout).toContain("We have suspended the account");
    expect(show.stdout).toContain('"xarf_version": "4.2.0"');
  });
});
