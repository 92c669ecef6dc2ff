import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import type { ApiClient } from "../client/api-client.ts";
import { finishedCaptures } from "../evidence/capture-store.ts";
import type { Platform } from "../server/platform.ts";
import type { TakedownRequest } from "../takedown/request-types.ts";
import type { Watch } from "../watch/watch-store.ts";
import { type DemoWorld, FOREIGN_DOMAINS, FOREIGN_HOSTING } from "./world.ts";

/** What the takedown story left for the tour: the first case and where its kit came back. */
export interface TakedownStory {
  firstCaseId: number;
  secondCaseId: number;
  firstUrl: string;
  secondUrl: string;
  /** The CSIRT's two reports the story sent, after the day's traffic. */
  reportIds: string[];
}

const poll = async <T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`the demo waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

interface Listed {
  items: { id: number; resource: string }[];
}

/** The not-ours case of a host, once its report is routed. */
const caseOf = (colleague: ApiClient, domain: string) =>
  poll(`the case of ${domain}`, 60_000, async () => {
    const r = await colleague.request<Listed>("GET", "/api/v1/cases?ownership=not_ours&limit=200");
    return r.items.find((c) => c.resource === domain)?.id;
  });

const watchOf = (colleague: ApiClient, caseId: number, state: Watch["state"]) =>
  poll(`case ${caseId}'s site ${state}`, 60_000, async () => {
    const { watches } = await colleague.request<{ watches: Watch[] }>(
      "GET",
      `/api/v1/cases/${caseId}/watch`,
    );
    return watches.find((w) => w.state === state);
  });

/**
 * The other half of the desk, played before the user arrives: a CSIRT reports a phishing site
 * at an overseas host; the night shift asks the host and the registrar (XARF and a Japanese
 * mail), the host answers and suspends the site, the watch sees it fall, and the same kit
 * comes back on a new domain, linked to the first case at its first check.
 */
export async function playTakedownStory(opts: {
  platform: Platform;
  world: DemoWorld;
  reporter: ApiClient;
  colleague: ApiClient;
  smtpPort: number;
  outboxDir: string;
  sitePort: number;
  say: (line: string) => void;
}): Promise<TakedownStory> {
  const { platform, world, reporter, colleague } = opts;
  const [firstDomain, secondDomain] = FOREIGN_DOMAINS;
  const firstHost = `secure-login.${firstDomain}`;
  const secondHost = `account-check.${secondDomain}`;
  const url = (host: string) => `http://${host}:${opts.sitePort}/auth/index.php`;
  const brand = { name: "Example Bank", name_ja: "イグザンプル銀行" };
  world.publish([
    { host: firstHost, kind: "phishing", brand },
    { host: secondHost, kind: "phishing", brand },
  ]);
  const tick = () => platform.jobs.send("watch.tick", {});

  opts.say(`A CSIRT reports a phishing site at an overseas host (${firstHost}) …`);
  const reportIds: string[] = [];
  const report = async (body: Record<string, unknown>) => {
    const r = await reporter.request<{ id: string }>("POST", "/api/v1/reports", body);
    reportIds.push(r.id);
  };
  await report({
    category: "phishing",
    resource: { url: url(firstHost) },
    observed_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    description: "SMS phishing imitating a Japanese bank, hosted abroad.",
  });
  const firstCaseId = await caseOf(colleague, firstDomain);
  await poll("the watch of the first site", 60_000, async () => {
    await tick();
    const { watches } = await colleague.request<{ watches: Watch[] }>(
      "GET",
      `/api/v1/cases/${firstCaseId}/watch`,
    );
    return watches.find((w) => w.state === "up");
  });

  // The request lists what Mogura recorded of the page: wait for the capture (seconds).
  await poll("the first site's capture", 60_000, async () =>
    (await finishedCaptures(platform.store, firstCaseId, "http")) > 0 ? true : undefined,
  ).catch(() => opts.say("(the capture of the first site is still running)"));
  opts.say("The night shift asks the host and the registrar to take it down …");
  const drafted = await colleague.request<{ requests: TakedownRequest[] }>(
    "POST",
    `/api/v1/cases/${firstCaseId}/takedown-requests`,
    {},
  );
  for (const r of drafted.requests) {
    await colleague.request("POST", `/api/v1/takedown-requests/${r.id}/send`);
  }
  const toHost = drafted.requests.find((r) => r.recipient.email === FOREIGN_HOSTING.abuse);
  if (toHost) {
    // The host answers the request's reply address, as a person at its desk would.
    const mail = await poll("the request to the host in the outbox", 60_000, async () => {
      for (const f of readdirSync(opts.outboxDir).filter((n) => n.endsWith(".eml"))) {
        const m = await simpleParser(readFileSync(join(opts.outboxDir, f)));
        const to = m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined;
        if (to === FOREIGN_HOSTING.abuse && m.subject?.includes(`TD-${firstCaseId}-${toHost.id}`))
          return m;
      }
      return undefined;
    });
    const replyTo = mail.replyTo?.value[0]?.address;
    if (replyTo) {
      const smtp = nodemailer.createTransport({
        host: "127.0.0.1",
        port: opts.smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      await smtp.sendMail({
        envelope: { from: FOREIGN_HOSTING.abuse, to: [replyTo] },
        raw: [
          `From: Overseas Hosting Abuse <${FOREIGN_HOSTING.abuse}>`,
          `To: ${replyTo}`,
          `Subject: Re: ${mail.subject ?? ""}`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Thank you for your report. We have suspended the customer's site and opened ticket #4411.",
          "",
        ].join("\r\n"),
      });
      smtp.close();
      await poll("the host's answer filed", 60_000, async () => {
        const r = await colleague.request<TakedownRequest>(
          "GET",
          `/api/v1/takedown-requests/${toHost.id}`,
        );
        return r.state === "acknowledged" ? r : undefined;
      });
    }
  }

  opts.say("The host suspends the site; the watch sees it fall …");
  world.takeDown(firstHost);
  await tick();
  await watchOf(colleague, firstCaseId, "down_unconfirmed").catch(() => undefined);
  // Two checks in a row make it down: the second comes when the first asks for it.
  await poll("the first site down", 90_000, async () => {
    await tick();
    const { watches } = await colleague.request<{ watches: Watch[] }>(
      "GET",
      `/api/v1/cases/${firstCaseId}/watch`,
    );
    return watches.find((w) => w.state === "down");
  });

  opts.say(`The same kit comes back on a new domain (${secondHost}) …`);
  await report({
    category: "phishing",
    resource: { url: url(secondHost) },
    observed_at: new Date().toISOString(),
    description: "The same phishing page again, on another domain.",
  });
  const secondCaseId = await caseOf(colleague, secondDomain);
  await poll("the new domain linked to the first case", 90_000, async () => {
    await tick();
    const c = await colleague.request<{ reemerged: boolean }>(
      "GET",
      `/api/v1/cases/${secondCaseId}`,
    );
    return c.reemerged ? c : undefined;
  });
  return {
    firstCaseId,
    secondCaseId,
    firstUrl: url(firstHost),
    secondUrl: url(secondHost),
    reportIds,
  };
}
