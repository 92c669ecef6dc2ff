// The takedown panel in a real browser (Debian's Chromium through playwright-core): a phishing
// site that is not ours, its contacts found on local RDAP and DNS servers, and an analyst who
// reads them in Japanese, drafts the requests, reads one and sends it, and records the
// recipient's acknowledgement.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slowdown, until } from "../support/net.ts";
import type { TestPlatform } from "../support/platform.ts";
import { PHISH, startTakedownWorld, type TakedownWorld } from "../support/takedown-world.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, "test-results");
const PASSWORD = "correct horse battery staple";

const haveChromium = existsSync(CHROMIUM);
// In CI a missing browser is a failure (CI installs it), never a silent skip.
const suite = haveChromium || process.env.CI ? describe : describe.skip;

let world: TakedownWorld;
let p: TestPlatform;
let browser: Browser;
let page: Page;
let caseId: number;

suite("the takedown panel in Chromium", () => {
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
    caseId = world.caseId;
    const u = await p.api("POST", "/api/v1/users", {
      body: { username: "hanako", password: PASSWORD, role: "analyst" },
    });
    expect(u.status, JSON.stringify(u.body)).toBe(201);

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

  it("shows who can act on the site, with where each answer came from", async () => {
    await page.goto(`${p.url}/login`);
    await page.locator("#login-user").fill("hanako");
    await page.locator("#login-password").fill(PASSWORD);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL(/\/queue/);
    await page.goto(`${p.url}/cases/${caseId}`);

    const panel = page.locator("section.takedown");
    await panel.getByRole("heading", { name: "テイクダウン依頼" }).waitFor();
    const contacts = panel.getByRole("region", { name: "対応できる相手" });
    // The case's resource (the registrable domain): its registrar, from the registry's RDAP.
    const registrar = contacts.locator("li.td-contact[data-role='registrar']");
    await registrar.getByText("abuse@registrar.example").waitFor();
    expect(await registrar.textContent()).toContain("レジストラ");
    expect(await registrar.locator(".td-source").textContent()).toMatch(
      /RDAP http:\/\/127\.0\.0\.1:\d+\/domain\/phish-bank\.example/,
    );
    // The reported URL: the network that hosts it, the one the requests go to.
    await contacts.getByRole("button", { name: PHISH }).click();
    const host = contacts.locator("li.td-contact[data-role='host']");
    await host.getByText("abuse@hosting.example").waitFor();
    expect(await host.textContent()).toContain("ホスティング事業者");
    expect(await host.locator(".td-source").textContent()).toContain("RDAP");
    expect(await panel.getByText("まだ依頼はありません。").count()).toBe(1);
  });

  it("drafts the requests, sends the host's after reading it, and records its acknowledgement", async () => {
    const panel = page.locator("section.takedown");
    await panel.getByRole("button", { name: "依頼文を作成（標準の手順）" }).click();
    await panel.getByText("依頼文を2件作成しました。").waitFor();
    const rows = panel.locator("table.td-requests tbody tr[data-request-id]");
    await until(async () => (await rows.count()) === 2, 30_000, "the two drafts");
    const hostRow = rows.filter({ hasText: "abuse@hosting.example" });
    expect(await hostRow.locator(".td-state").textContent()).toBe("下書き");
    // The answer deadline of phishing: 12 hours from now, counting down.
    expect(await hostRow.locator(".countdown").textContent()).toMatch(
      /^残り (11|12)時間\d{2}分\d{2}秒$/,
    );

    // The first draft (the host's) is open: the mail in Japanese, the XARF report folded.
    const detail = panel.locator("section.td-detail");
    const mail = detail.getByTestId("td-mail");
    await mail.waitFor();
    expect(await mail.textContent()).toContain("不正利用対応ご担当者様");
    expect(await mail.textContent()).toContain(PHISH);
    expect(await detail.locator("details.td-xarf").getAttribute("open")).toBeNull();
    await detail.locator("details.td-xarf summary").click();
    expect(await detail.locator("details.td-xarf pre").textContent()).toContain('"xarf_version"');

    await detail.getByRole("button", { name: "この内容で送信" }).click();
    await panel.getByText(/依頼 #\d+ を送信しました。/).waitFor();
    await hostRow.locator(".td-state[data-state='sent']").waitFor();
    expect(await hostRow.locator(".td-state").textContent()).toBe("送付済み");
    await detail.getByRole("heading", { name: "送信した内容" }).waitFor();

    // The host answers by phone: recorded by hand, with a note.
    await detail.getByLabel("メモ（任意）").fill("電話で受領の連絡あり");
    await detail.getByRole("button", { name: "受領の連絡あり" }).click();
    await hostRow.locator(".td-state[data-state='acknowledged']").waitFor();
    expect(await hostRow.locator(".td-state").textContent()).toBe("受領確認済み");
    const step = page
      .locator(".timeline li.tl-takedown")
      .filter({ hasText: "電話で受領の連絡あり" });
    await step.waitFor();
    expect(await step.textContent()).toContain("受領確認済み");
    await page.screenshot({ path: join(SHOTS, "takedown-ja.png"), fullPage: true });
    await panel.screenshot({ path: join(SHOTS, "takedown-panel-ja.png") });
  });
});
