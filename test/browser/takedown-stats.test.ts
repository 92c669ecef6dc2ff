// The takedown figures of the statistics page in a real browser (Debian's Chromium through
// playwright-core): a phishing site that is not ours, a request sent to its host and one to its
// registrar that went unanswered; the page shows both recipients, and nothing for a period
// without requests.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slowdown } from "../support/net.ts";
import type { TestPlatform } from "../support/platform.ts";
import { startTakedownWorld, type TakedownWorld } from "../support/takedown-world.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, "test-results");
const PASSWORD = "correct horse battery staple";

const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure (CI installs it), never a silent skip.
const suite = haveChromium || process.env.CI ? describe : describe.skip;

interface RecipientRow {
  recipient: string;
  role: string;
  requests: number;
}

let world: TakedownWorld;
let p: TestPlatform;
let browser: Browser;
let page: Page;
let recipients: RecipientRow[];

suite("the takedown figures of the statistics in Chromium", () => {
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} (CI must install it)`);
    mkdirSync(SHOTS, { recursive: true });
    const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build-web.mjs")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);

    // The site's DNS and RDAP on 127.0.0.1, and its not-ours case (test/support).
    world = await startTakedownWorld();
    p = world.p;
    const caseId = world.caseId;
    const u = await p.api("POST", "/api/v1/users", {
      body: { username: "hanako", password: PASSWORD, role: "analyst" },
    });
    expect(u.status, JSON.stringify(u.body)).toBe(201);

    // The host and the registrar are asked; the registrar never answers.
    const drafted = await p.api("POST", `/api/v1/cases/${caseId}/takedown-requests`, {
      body: {},
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const byRole = Object.fromEntries(
      drafted.body.requests.map((q: { role: string; id: number }) => [q.role, q.id]),
    );
    for (const id of [byRole.host, byRole.registrar]) {
      const sent = await p.api("POST", `/api/v1/takedown-requests/${id}/send`);
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    }
    const silent = await p.api("POST", `/api/v1/takedown-requests/${byRole.registrar}/state`, {
      body: { state: "unanswered" },
    });
    expect(silent.status, JSON.stringify(silent.body)).toBe(200);
    const stats = await p.api("GET", "/api/v1/stats/takedown");
    recipients = stats.body.by_recipient;
    expect(recipients.map((r) => r.role).sort()).toEqual(["host", "registrar"]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox"],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
    });
    page = await context.newPage();
    page.setDefaultTimeout(30_000 * slowdown());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it("shows each recipient, and which of them has never answered", async () => {
    await page.goto(`${p.url}/login`);
    await page.locator("#login-user").fill("hanako");
    await page.locator("#login-password").fill(PASSWORD);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL(/\/queue/);
    await page.getByRole("navigation").getByRole("link", { name: "統計" }).click();

    const section = page.getByRole("figure", { name: "他社へのテイクダウン依頼" });
    await section.waitFor();
    expect(await section.textContent()).toContain("5時間45分");
    const rows = section.locator("table.td-stats-recipients tbody tr");
    // In the API's order (most requests first, then by name).
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-recipient"))),
    ).toEqual(recipients.map((r) => r.recipient));
    const host = recipients.find((r) => r.role === "host") as RecipientRow;
    const hostRow = section.locator(`tr[data-role="host"]`);
    expect(await hostRow.locator("th").textContent()).toContain(host.recipient);
    expect(await hostRow.locator("th").textContent()).toContain("ホスティング事業者");
    expect(await hostRow.locator("td").first().textContent()).toBe("1");
    expect(await hostRow.textContent()).not.toContain("回答実績なし");
    const registrarRow = section.locator(`tr[data-role="registrar"]`);
    expect(await registrarRow.locator("th").textContent()).toContain("レジストラ");
    expect(await registrarRow.locator("th").textContent()).toContain("回答実績なし");
    // Unanswered: the fourth count (requests, answered, refused, unanswered).
    expect(await registrarRow.locator("td").nth(3).textContent()).toBe("1");
    await section.screenshot({ path: join(SHOTS, "stats-takedown-ja.png") });
  });

  it("follows the period: none in a month without requests", async () => {
    await page.locator("#st-from").fill("2020-01-01");
    await page.locator("#st-to").fill("2020-01-31");
    await page.getByRole("button", { name: "表示" }).click();
    const section = page.getByRole("figure", { name: "他社へのテイクダウン依頼" });
    await section
      .getByText("この期間に受け付けた案件で、テイクダウン依頼を送付したものはありません。")
      .waitFor();
    expect(await section.locator("table.td-stats-recipients").count()).toBe(0);
  });
});
