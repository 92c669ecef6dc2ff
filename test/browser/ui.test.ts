// The analyst UI in a real browser (Debian's Chromium through playwright-core) against a real
// server: the sample inventory and reports go in through the API, then an analyst works the
// phishing case with the keyboard, switches to Japanese, and visits every page.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readInventoryDir } from "../../src/inventory/csv-files.ts";
import { startDnsServer, type TestDnsServer } from "../support/dns-server.ts";
import { until } from "../support/net.ts";
import { startTestPlatform, type TestPlatform } from "../support/platform.ts";
import {
  cannedDomain,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "../support/rdap-server.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const SAMPLES = join(ROOT, "test", "fixtures", "samples");
const SHOTS = join(ROOT, "test-results");
const PASSWORD = "correct horse battery staple";

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(
    `Chromium not found at ${CHROMIUM}: browser tests skipped; install Debian's chromium`,
  );
}
// In CI a missing browser is a failure (CI installs it), never a silent skip.
const suite = haveChromium || process.env.CI ? describe : describe.skip;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>ログイン | Example Bank</title></head>
<body><h1>お客様情報の確認</h1><form action="/auth/post.php" method="post"><input name="id">
<input name="pw" type="password"></form><script>document.title = "ran";</script></body></html>`;

let p: TestPlatform;
let site: Server;
let dns: TestDnsServer;
let rdap: TestRdapServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let phishingId: number;
let brokenTracking: string;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Submits a report and answers its id once it is parsed (or quarantined) and routed. */
async function submit(body: Blob | string, contentType: string, query = ""): Promise<string> {
  const r = await p.api("POST", `/api/v1/reports${query}`, {
    raw: body,
    headers: { "content-type": contentType },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body.id as string;
}

async function settled(id: string): Promise<{ status: string; tracking_number: string }> {
  return until(
    async () => {
      const d = await p.api("GET", `/api/v1/reports/${id}`);
      if (d.body.status === "queued") return undefined;
      const [left] = await p.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE report_id = $1 AND case_id IS NULL",
        [id],
      );
      return left?.n === 0 ? d.body : undefined;
    },
    30_000,
    `report ${id} routed`,
  );
}

const sample = (file: string) => new Blob([readFileSync(join(SAMPLES, file))]);

/** The reason a disabled action gives, from the text its button is described by. */
async function whyNot(action: string): Promise<string> {
  const button = page.locator(`li[data-action='${action}'] button`);
  expect(await button.isDisabled()).toBe(true);
  const id = await button.getAttribute("aria-describedby");
  return (await page.locator(`[id='${id}']`).textContent()) ?? "";
}

/** Leaves whatever control has the focus, as after a click on the page. */
async function blur() {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function shot(name: string, target: Page = page) {
  await target.screenshot({ path: join(SHOTS, name), fullPage: true });
}

suite("the analyst UI in Chromium", () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} (CI must install it)`);
    mkdirSync(SHOTS, { recursive: true });
    const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build-web.mjs")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);
    expect(existsSync(join(ROOT, "web", "dist", "index.html"))).toBe(true);

    // The phishing site, its DNS and RDAP: all on 127.0.0.1, nothing from the Internet.
    site = createServer((req, res) => {
      if (req.url === "/login") {
        res.writeHead(302, { location: "/auth/index.php?session=8812" });
        res.end();
      } else {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(PAGE);
      }
    });
    const sitePort = await listen(site);
    dns = await startDnsServer({ "secure-login.bank-jp.example": { A: ["127.0.0.1"] } });
    rdap = await startRdapServer({
      domains: { "bank-jp.example": { json: cannedDomain("bank-jp.example") } },
    });
    // Every RDAP question goes to the test server.
    const bootstrap = writeBootstrapFor(
      join(mkdtempSync(join(tmpdir(), "mogura-ui-rdap-")), "bootstrap.json"),
      rdap.baseUrl,
    );
    p = await startTestPlatform({
      // Notices go to the outbox directory (no relay); their sender needs a real domain.
      mail: { from: "Hoster abuse desk <abuse@hoster.example>" },
      resolve: { dns: false, dnsServers: [dns.address], dnsTimeoutMs: 1000 },
      evidence: {
        capture: true,
        allowPrivateTargets: true,
        ports: [sitePort],
        rdapBootstrap: bootstrap,
        timeoutSeconds: 15,
      },
    });
    const { batch } = readInventoryDir(join(SAMPLES, "inventory"));
    const imported = await p.api("POST", "/api/v1/inventory/import", { body: batch });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    for (const [username, role] of [
      ["hanako", "analyst"],
      ["miki", "viewer"],
    ]) {
      const u = await p.api("POST", "/api/v1/users", {
        body: { username, password: PASSWORD, role },
      });
      expect(u.status, JSON.stringify(u.body)).toBe(201);
    }

    const ids = await Promise.all([
      submit(sample("mail/plain-phishing.eml"), "message/rfc822"),
      submit(sample("mail/xarf-v4-phishing.eml"), "message/rfc822"),
      submit(sample("mail/arf-spam.eml"), "message/rfc822"),
      submit(sample("mail/xarf-login-attack.eml"), "message/rfc822"),
      submit(sample("feeds/shadowserver-scan.csv"), "text/csv", "?filename=scan_memcached.csv"),
      submit(
        "Hello,\nsomething bad happens on your servers, please look at it\nThanks\n",
        "text/plain",
      ),
    ]);
    const done = await Promise.all(ids.map(settled));
    expect(done.slice(0, 5).map((d) => d.status)).toEqual(Array(5).fill("processed"));
    expect(done[5]?.status).toBe("quarantined");
    brokenTracking = done[5]?.tracking_number as string;

    const phish = (await p.api("GET", "/api/v1/cases?type=phishing&service=S-vps-80")).body;
    phishingId = phish.items[0].id;
    // A capture of the page as it is now, on its test port (the reported https URL is refused).
    const asked = await p.api("POST", `/api/v1/cases/${phishingId}/evidence`, {
      body: { url: `http://secure-login.bank-jp.example:${sitePort}/login` },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    await until(
      async () => {
        const { items } = (await p.api("GET", `/api/v1/cases/${phishingId}/evidence`)).body;
        const http = items.find(
          (c: { kind: string; status: string; target: string }) =>
            c.kind === "http" && c.status === "done" && c.target.includes(String(sitePort)),
        );
        const pending = items.some((c: { status: string }) => c.status === "queued");
        return http && !pending ? items : undefined;
      },
      40_000,
      "the page capture",
    );

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox"],
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      timezoneId: "Asia/Tokyo",
    });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.stop();
    await dns?.close();
    await rdap?.close();
    await new Promise((r) => (site ? site.close(r) : r(null)));
  });

  it("signs in and shows the phishing case first, with its countdown", async () => {
    await page.goto(`${p.url}/queue`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("User name").fill("hanako");
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("Wrong user name or password.").waitFor();
    await shot("login-en.png");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/queue/);
    // A new user starts in Japanese (the server's default); this one reads English.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Case queue" }).waitFor();
    const first = page.locator("table.queue tbody tr").first();
    await first.waitFor();
    expect(await first.getAttribute("data-case-id")).toBe(String(phishingId));
    expect(await first.textContent()).toContain("S-vps-80");
    expect(await first.getAttribute("aria-selected")).toBe("true");
    // A 4 h deadline: under 4 hours left, ticking.
    const countdown = first.locator(".countdown");
    expect(await countdown.textContent()).toMatch(/^3h \d{2}m \d{2}s left$/);
    const before = await countdown.textContent();
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel as string)?.textContent !== text,
      ["table.queue tbody tr .countdown", before],
    );
    expect(await page.getByText("Phishing").count()).toBeGreaterThan(0);
    await shot("queue-en.png");
  });

  it("opens the case with the keyboard, records an allowed action and shows why others are not possible", async () => {
    await blur();
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/cases/${phishingId}$`));
    await page.getByRole("heading", { name: `#${phishingId} Phishing` }).waitFor();

    // Disallowed on a VPS: disabled, with the reason shown and tied to the button.
    expect(await whyNot("inspect_files")).toContain(
      "on a vps the customer is root: the provider acts on the network or the contract",
    );

    const notify = page.locator("li[data-action='notify_customer']");
    await notify.getByRole("button", { name: "Notify the customer" }).click();
    await notify.getByLabel("Legal basis").fill("Terms of service art. 12 (1) 3");
    await notify.getByLabel("Note").fill("phishing kit reported by two sources");
    await notify.getByRole("button", { name: "Record the action" }).click();
    const entry = page.locator(".timeline li.tl-action").last();
    await entry.getByText("Terms of service art. 12 (1) 3").waitFor();
    expect(await entry.textContent()).toContain("Notify the customer");

    // The captured page: escaped text, and an inert sandboxed frame.
    const http = page.locator("li.capture-http").filter({ hasText: "200" }).first();
    await http.getByRole("button", { name: "Show page as text" }).click();
    const text = http.getByTestId("page-text");
    await text.waitFor();
    expect(await text.textContent()).toContain("お客様情報の確認");
    await http.getByRole("button", { name: "Show page (sandboxed)" }).click();
    const frame = http.locator("iframe.page-frame");
    await frame.waitFor();
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("src")).toMatch(/^blob:/);
    expect(await page.locator("li.capture-screenshot img").count()).toBeGreaterThan(0);

    // The customer notice: the urgent one went out on its own; preview, edit and send another.
    const notices = page.locator(".notice-panel");
    await notices.locator(".notice-list li").first().waitFor();
    await notices.getByRole("button", { name: "Preview the notice" }).click();
    const subject = notices.getByLabel("Subject");
    await subject.waitFor();
    expect(await subject.inputValue()).toContain("MGR-");
    await subject.fill(`${await subject.inputValue()} (reminder)`);
    await notices.getByRole("button", { name: "Send the notice" }).click();
    await notices.getByText(/Notice queued for sending/).waitFor();
    await notices.locator(".notice-list li").filter({ hasText: "(reminder)" }).waitFor();
    await shot("case-en.png");
  });

  it("acknowledges the case with `a`", async () => {
    await blur();
    await page.keyboard.press("a");
    await page.locator(".case-title .badge.state-acknowledged").waitFor();
    const last = page.locator(".timeline li.tl-transition").last();
    expect(await last.textContent()).toContain("acknowledged from the case page");
  });

  it("switches to Japanese at once and remembers it after a reload", async () => {
    await page.getByRole("button", { name: "日本語" }).click();
    const nav = page.getByRole("navigation", { name: "ページ" });
    await nav.getByRole("link", { name: "案件キュー" }).waitFor();
    await page.getByRole("heading", { name: `#${phishingId} フィッシング` }).waitFor();
    expect(await whyNot("inspect_files")).toContain("VPSでは契約者が管理者権限");
    expect(await page.getByRole("button", { name: "契約者への通知" }).count()).toBe(1);
    // Not this browser's memory: the server's (the browser itself says en-US).
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByRole("heading", { name: `#${phishingId} フィッシング` }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("ja");
    await shot("case-ja.png");
    await nav.getByRole("link", { name: "案件キュー" }).click();
    await page.locator("table.queue tbody tr").first().waitFor();
    expect(await page.locator("table.queue thead").textContent()).toContain("期限");
    await shot("queue-ja.png");
  });

  it("draws the statistics", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "統計" }).click();
    await page.getByRole("heading", { name: "月別・種別の受付報告数" }).waitFor();
    // Reports, cases, time to first action (the action above), the overall times, SLA shares
    // and tracking numbers: each an SVG chart with its title, and bars drawn.
    const charts = page.locator("figure.chart .recharts-wrapper > svg.recharts-surface");
    await until(async () => (await charts.count()) >= 6, 15_000, "the charts");
    const titles = await charts.evaluateAll((svgs) =>
      svgs.map((s) => s.querySelector(":scope > title")?.textContent ?? ""),
    );
    expect(titles).toContain("月別・種別の受付報告数");
    expect(titles).toContain("種別ごとのSLA達成率");
    expect(titles.every((t) => t.length > 0)).toBe(true);
    expect(await page.locator("figure.chart .recharts-bar-rectangle").count()).toBeGreaterThan(5);
    await shot("stats-ja.png");
  });

  it("looks up 198.51.100.23 and finds C1003", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Lookup" }).click();
    await page.getByLabel("IP, CIDR, domain or URL").fill("198.51.100.23");
    await page.getByRole("button", { name: "Look up" }).click();
    const answer = page.locator(".lookup-answer").first();
    await answer.getByText("C1003").waitFor();
    expect(await answer.textContent()).toContain("S-vps-23");
    await shot("lookup-en.png");
  });

  it("lists the broken report in the quarantine, with its raw text", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Quarantine" }).click();
    const item = page.locator(".quarantine-list li").filter({ hasText: brokenTracking });
    await item.waitFor();
    expect(await item.textContent()).toContain("no IP address, URL, domain or e-mail address");
    await item.getByRole("button", { name: "View raw" }).click();
    await item.locator("pre.raw").getByText("something bad happens").waitFor();
    await shot("quarantine-en.png");
  });

  it("fits a narrow window, and shows a viewer no write controls", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    await page.getByRole("navigation").getByRole("link", { name: "Queue" }).click();
    await page.locator("table.queue tbody tr").first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(420);
    await shot("queue-narrow-en.png");

    const viewer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const v = await viewer.newPage();
    await v.goto(`${p.url}/login`);
    await v.locator("#login-user").fill("miki");
    await v.locator("#login-password").fill(PASSWORD);
    await v.locator("form button[type=submit]").click();
    await v.locator("table.queue tbody tr").first().waitFor();
    expect(await v.locator("table.queue input[type=checkbox]").count()).toBe(0);
    await v.goto(`${p.url}/cases/${phishingId}`);
    await v.locator("ol.timeline").first().waitFor();
    expect(await v.locator(".state-buttons").count()).toBe(0);
    expect(await v.locator(".note-form").count()).toBe(0);
    expect(await v.locator(".action-list button:not([disabled])").count()).toBe(0);
    await viewer.close();
  });
});
