// The guided tour (docs/tour.md) in a real browser, once in English and once in Japanese,
// each on its own fresh `mogura demo`: sign in, open the phishing case, decide the misuse
// type, read the evidence, notify the customer, answer as the customer through the portal
// link in the outbox, resolve and close, look at the statistics. MOGURA_TOUR_SHOTS=docs/tour
// refreshes the tour's screenshots.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { simpleParser } from "mailparser";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, type RunningDemo } from "../../src/demo/run-demo.ts";
import { en, ja } from "../../web/src/dict.ts";
import { startTestDemo } from "../support/demo.ts";
import { until } from "../support/net.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, "test-results", "tour");
const EXTRA_SHOTS = process.env.MOGURA_TOUR_SHOTS
  ? resolve(process.env.MOGURA_TOUR_SHOTS)
  : undefined;

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(
    `Chromium not found at ${CHROMIUM}: browser tests skipped; install Debian's chromium`,
  );
}
// In CI a missing browser is a failure (CI installs it), never a silent skip.
const suite = haveChromium || process.env.CI ? describe : describe.skip;

type Lang = "en" | "ja";
type Key = keyof typeof en;
const DICTS: Record<Lang, Record<Key, string>> = { en, ja };

/** What differs between the two walks besides the UI's words. */
const WALK = {
  en: {
    locale: "en-US",
    button: "English",
    answer:
      "We found a phishing kit uploaded under /auth/ yesterday and deleted it; the VPS is stopped until we have checked it.",
    note: "bank phishing reported by a CSIRT and a person; contract a few days old",
  },
  ja: {
    locale: "ja-JP",
    button: "日本語",
    answer:
      "昨日 /auth/ 以下に設置されたフィッシングキットを確認し、削除しました。確認が済むまでVPSは停止しています。",
    note: "CSIRTと個人からの銀行フィッシングの報告。契約から数日",
  },
} as const;

let browser: Browser | undefined;

async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox"],
  });
  return browser;
}

afterAll(async () => {
  await browser?.close();
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The pieces of a customer notice mail that the tour needs. */
interface NoticeMail {
  file: string;
  subject: string;
  text: string;
  portal: string;
}

/**
 * The customer notices about `caseId` in the outbox (the mails with a portal link), oldest
 * first: file names start with the time.
 */
async function noticesInOutbox(outbox: string, caseId: number): Promise<NoticeMail[]> {
  if (!existsSync(outbox)) return [];
  const found: NoticeMail[] = [];
  for (const file of readdirSync(outbox)
    .filter((f) => f.endsWith(".eml"))
    .sort()) {
    const mail = await simpleParser(readFileSync(join(outbox, file)));
    const cases = String(mail.headers.get("x-mogura-cases") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    if (!cases.includes(String(caseId))) continue;
    const text = mail.text ?? "";
    const portal = /https?:\/\/\S+?\/portal\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    if (!portal) continue;
    found.push({ file, subject: mail.subject ?? "", text, portal });
  }
  return found;
}

function tour(lang: Lang) {
  const d = DICTS[lang];
  const w = WALK[lang];
  const t = (key: Key, vars: Record<string, string | number> = {}) =>
    d[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
  // The legal basis the tour records: the dict's own example, without its "e.g.".
  const legalBasis = t("action.legalBasisHint").replace(/^(e\.g\.|例:)\s*/, "");

  let demo: RunningDemo;
  let context: BrowserContext;
  let page: Page;
  let caseId: number;
  let notice: NoticeMail;

  /**
   * A screenshot of the viewport, or of a part of the page: from the top of `top` (default:
   * the page's top) to the bottom of `bottom`, as wide as `across` (default: the page), no
   * taller than `maxHeight`.
   */
  async function shot(
    name: string,
    opts: {
      target?: Page;
      top?: Locator;
      bottom?: Locator;
      across?: Locator;
      maxHeight?: number;
    } = {},
  ) {
    const target = opts.target ?? page;
    const path = join(SHOTS, lang, `${name}.png`);
    mkdirSync(dirname(path), { recursive: true });
    if (opts.bottom) {
      const onPage = async (l: Locator) => {
        const box = await l.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return {
            x: r.x + window.scrollX,
            y: r.y + window.scrollY,
            width: r.width,
            height: r.height,
          };
        });
        return box;
      };
      const top = opts.top ? (await onPage(opts.top)).y - 8 : 0;
      const bottom = await onPage(opts.bottom);
      const across = opts.across ? await onPage(opts.across) : undefined;
      const x = across ? Math.max(0, across.x - 8) : 0;
      const width = across ? across.width + 16 : (target.viewportSize()?.width ?? 1280);
      await target.screenshot({
        path,
        fullPage: true,
        clip: {
          x,
          y: Math.max(0, top),
          width,
          height: Math.min(bottom.y + bottom.height + 8 - Math.max(0, top), opts.maxHeight ?? 1400),
        },
      });
    } else {
      await target.screenshot({ path });
    }
    if (EXTRA_SHOTS) {
      const copy = join(EXTRA_SHOTS, lang, `${name}.png`);
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(path, copy);
    }
  }

  const caseUrl = () => `${demo.platform.url}/cases/${caseId}`;
  const stateBadge = () => page.locator(".case-title .badge[class*='state-']");

  /** Clicks a state button, answers the dialog with `reason`, waits for the new state. */
  async function move(to: "resolved" | "closed", reason: string) {
    await page
      .locator(".state-buttons")
      .getByRole("button", { name: t(`move.${to}`), exact: true })
      .click();
    const dialog = page.locator("dialog.dialog[open]");
    await dialog
      .getByRole("heading", { name: t("case.moveTitle", { id: caseId, state: t(`state.${to}`) }) })
      .waitFor();
    const field = dialog.getByLabel(t("common.reason"));
    expect(await field.inputValue()).toBe(t(`reason.${to}`));
    await field.fill(reason);
    await dialog.getByRole("button", { name: t(`move.${to}`), exact: true }).click();
    await page.locator(`.case-title .badge.state-${to}`).waitFor();
    expect(await stateBadge().textContent()).toBe(t(`state.${to}`));
    await page.getByText(t("case.moved", { state: t(`state.${to}`) })).waitFor();
    const entry = page.locator(".timeline li.tl-transition").last();
    expect(await entry.textContent()).toContain(reason);
  }

  suite(`the guided tour in ${lang === "en" ? "English" : "Japanese"}`, () => {
    beforeAll(async () => {
      if (!haveChromium) throw new Error(`Chromium not found at ${CHROMIUM} (CI must install it)`);
      const built = spawnSync(process.execPath, [join(ROOT, "scripts", "build-web.mjs")], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);
      demo = await startTestDemo(`tour-${lang}`);
      caseId = demo.tourCaseId;
      context = await (await launch()).newContext({
        viewport: { width: 1280, height: 800 },
        locale: w.locale,
        timezoneId: "Asia/Tokyo",
      });
      page = await context.newPage();
    }, 240_000);

    afterAll(async () => {
      await context?.close();
      await demo?.stop();
      if (demo) rmSync(demo.dataDir, { recursive: true, force: true });
    });

    it("1. signs in as the demo analyst and picks the language", async () => {
      await page.goto(`${demo.platform.url}/`);
      await page.waitForURL(/\/login/);
      // Before signing in, the page speaks the browser's language.
      await page.getByLabel(t("login.username")).fill(DEMO_USER.username);
      await page.getByLabel(t("login.password")).fill(DEMO_USER.password);
      await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
      await page.waitForURL(/\/queue/);
      // The demo user starts in Japanese (the server's default); the button sets it for this user.
      const button = page.locator(".lang-switch").getByRole("button", { name: w.button });
      await button.click();
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      await page.getByRole("heading", { name: t("queue.title") }).waitFor();
      // Remembered by the server, not by this browser.
      await until(
        async () => {
          const r = await page.request.get(`${demo.platform.url}/api/v1/me/preferences`);
          return r.ok() && (await r.json()).language === lang;
        },
        10_000,
        "the language preference saved",
      );
      await page.evaluate(() => window.localStorage.clear());
      await page.reload();
      await page.getByRole("heading", { name: t("queue.title") }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe(lang);
      await page.locator("table.queue tbody tr").first().waitFor();
      const nav = page.getByRole("navigation", { name: t("nav.label") });
      for (const k of ["nav.queue", "nav.quarantine", "nav.lookup", "nav.stats"] as const) {
        expect(await nav.getByRole("link", { name: t(k) }).count()).toBe(1);
      }
      await shot("01-queue");
    });

    it("2. lists the tour's phishing case first, with a ticking countdown, and opens it", async () => {
      const first = page.locator("table.queue tbody tr").first();
      expect(await first.getAttribute("data-case-id")).toBe(String(caseId));
      const row = (await first.textContent()) ?? "";
      expect(row).toContain(t("type.phishing"));
      expect(row).toContain(demo.day.tour.host);
      expect(row).toContain(demo.day.tour.serviceId);
      expect(row).toContain(t("state.new"));
      // The first-action deadline of a phishing case is 4 h: "3h 59m 12s left" / "残り 3時間59分12秒".
      const u = (k: Key) => escapeRe(t(k));
      const left = t("sla.left") ? `${u("sla.left")} ` : "";
      const countdown = first.locator(".countdown");
      const shape = new RegExp(
        `^${left}[0-3]${u("unit.h")}${u("unit.sep")}\\d{2}${u("unit.m")}${u("unit.sep")}\\d{2}${u("unit.s")}${u("sla.leftSuffix")}$`,
      );
      expect(await countdown.textContent()).toMatch(shape);
      const before = await countdown.textContent();
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel as string)?.textContent !== text,
        ["table.queue tbody tr .countdown", before],
      );
      await first.getByRole("link", { name: `#${caseId}` }).click();
      await page.waitForURL(new RegExp(`/cases/${caseId}$`));
      await page.getByRole("heading", { name: `#${caseId} ${t("type.phishing")}` }).waitFor();
    });

    it("3. shows whose it is, suggests a fraudulent contract with the reason, and takes it", async () => {
      const facts = page.locator(".case-head dl.facts");
      const owner = facts
        .locator("div")
        .filter({ has: page.getByText(t("case.owner"), { exact: true }) });
      expect(await owner.locator("dd").textContent()).toContain(demo.day.tour.customerId);
      expect(await owner.locator("dd").textContent()).toContain(demo.day.tour.serviceId);
      expect(await facts.textContent()).toContain(demo.day.tour.host);
      // Unverified identity and a young contract: what makes the suggestion.
      await facts.getByText(`${t("case.verification")}: ${t("verification.none")}`).waitFor();
      await facts.locator(".warn-text").waitFor();
      expect(await stateBadge().textContent()).toBe(t("state.new"));

      const api = await fetch(`${demo.platform.url}/api/v1/cases/${caseId}`, {
        headers: { authorization: `Bearer ${demo.adminKey}` },
      });
      const detail = (await api.json()) as {
        misuse_suggestions: { misuse_type: string; reason_en: string; reason_ja: string }[];
      };
      const suggestion = detail.misuse_suggestions.find(
        (s) => s.misuse_type === "fraudulent_contract",
      );
      expect(suggestion, JSON.stringify(detail.misuse_suggestions)).toBeDefined();
      const reason =
        lang === "ja" ? (suggestion?.reason_ja as string) : (suggestion?.reason_en as string);
      expect(reason.length).toBeGreaterThan(10);

      const panel = page.locator("section[aria-labelledby='misuse-title']");
      expect(await panel.getByRole("heading").first().textContent()).toBe(t("case.misuse"));
      expect(await panel.textContent()).toContain(
        `${t("case.misuseNow")}: ${t("misuse.undetermined")}`,
      );
      const item = panel
        .getByRole("list", { name: t("case.suggestions") })
        .locator("li")
        .filter({ hasText: t("misuse.fraudulent_contract") });
      expect(await item.textContent()).toContain(reason);
      await item.getByRole("button", { name: t("case.useSuggestion") }).click();
      expect(await panel.getByLabel(t("case.misuseSet2")).inputValue()).toBe("fraudulent_contract");
      expect(await panel.locator("#misuse-reason").inputValue()).toBe(reason);
      await panel.getByRole("button", { name: t("case.misuseSave") }).click();
      await page
        .getByText(t("case.misuseSet", { type: t("misuse.fraudulent_contract") }))
        .waitFor();
      await panel
        .locator("p strong")
        .getByText(t("misuse.fraudulent_contract"), { exact: true })
        .waitFor();
      const entry = page.locator(".timeline li.tl-misuse").last();
      await entry.getByText(reason).waitFor();
      expect(await entry.textContent()).toContain(t("misuse.fraudulent_contract"));
      await shot("02-case", { bottom: panel, maxHeight: 1400 });
    });

    it("4. shows the evidence: redirect, page, DNS, registration, and the screenshot", async () => {
      const section = page.locator("section[aria-labelledby='evidence-title']");
      await section.getByRole("heading", { name: t("ev.title") }).waitFor();
      const mine = (kind: string) =>
        section
          .locator(`ul.captures > li.capture-${kind}`)
          .filter({
            has: page.locator(".target", {
              hasText: kind.startsWith("rdap")
                ? demo.day.tour.host.replace(/^secure\./, "")
                : demo.day.tour.host,
            }),
          })
          .first();

      // The page: the reported URL answered 302, the page behind it 200.
      const http = section
        .locator("ul.captures > li.capture-http")
        .filter({ has: page.locator(".target", { hasText: demo.day.tour.url }) })
        .first();
      await http.locator(`.badge.status-done`).waitFor();
      const hops = http.locator("table.hops tbody tr");
      await hops.first().waitFor();
      expect(await hops.count()).toBeGreaterThanOrEqual(2);
      const statuses = await hops.evaluateAll((rows) =>
        rows.map((r) => r.querySelectorAll("td")[2]?.textContent ?? ""),
      );
      expect(statuses[0]).toBe("302");
      expect(statuses[statuses.length - 1]).toBe("200");
      expect(await hops.first().textContent()).toContain(demo.day.tour.url);
      expect(await hops.first().textContent()).toMatch(/→ http:\/\/\S+\/auth\//);
      expect(await hops.first().textContent()).toContain("127.0.0.1");
      expect(await http.textContent()).toContain(`${t("ev.final")}:`);
      expect(await http.textContent()).toMatch(/SHA-256 [0-9a-f]{16}…/);

      // DNS: what the name pointed at then (the demo's web sites all live on 127.0.0.1).
      const dns = mine("dns");
      const a = dns
        .locator("table.dns tbody tr")
        .filter({ hasText: demo.day.tour.host })
        .filter({ has: page.locator("td", { hasText: /^A$/ }) });
      expect(await a.locator("td").last().textContent()).toContain("127.0.0.1");

      // RDAP: the domain was registered a few days ago.
      const rdap = mine("rdap_domain");
      await rdap.getByText(t("ev.registrar"), { exact: true }).waitFor();
      const registered = await rdap
        .locator("dd div")
        .filter({ hasText: /^registration:/ })
        .locator("time")
        .getAttribute("datetime");
      const days = (Date.now() - Date.parse(registered ?? "")) / 86_400_000;
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThan(30);
      // RDAP for the service's address: the provider's own network.
      const service = demo.provider.services.find((s) => s.id === demo.day.tour.serviceId);
      expect(service?.ipv4).toBeTruthy();
      const network = section
        .locator("ul.captures > li.capture-rdap_ip")
        .filter({ has: page.locator(".target", { hasText: service?.ipv4 as string }) })
        .first();
      await network.getByText(t("ev.network"), { exact: true }).waitFor();
      expect(await network.textContent()).toContain(demo.provider.spec.company.name);

      // The screenshot, drawn from the captured bytes (no network), is an image that loaded.
      const img = section
        .locator("ul.captures > li.capture-screenshot")
        .filter({ has: page.locator(".target", { hasText: demo.day.tour.url }) })
        .first()
        .getByRole("img", { name: t("ev.screenshotAlt", { target: demo.day.tour.url }) });
      await img.waitFor();
      await until(
        () =>
          img.evaluate(
            (el) =>
              (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 100,
          ),
        15_000,
        "the screenshot image",
      );

      // The page as text: the fake bank's Japanese login page, escaped, never run.
      await http.getByRole("button", { name: t("ev.showText") }).click();
      const text = http.getByTestId("page-text");
      await text.waitFor();
      const body = (await text.textContent()) ?? "";
      const brand = demo.provider.services.find((s) => s.id === demo.day.tour.serviceId)?.brand;
      expect(brand).toBeDefined();
      expect(body).toContain(`ログイン | ${brand?.name_ja}`);
      expect(body).toContain("お客様の口座が一時的に制限されています");
      expect(body).toContain("暗証番号");
      await shot("03-evidence", {
        top: http,
        bottom: section.locator("ul.captures > li.capture-screenshot").first(),
        across: section,
        maxHeight: 1300,
      });
    });

    it("5. records the notification with its legal basis, previews the notice and sends it", async () => {
      const notify = page.locator("li[data-action='notify_customer']");
      const button = notify.getByRole("button").first();
      expect(await button.textContent()).toContain(t("action.notify_customer"));
      await button.click();
      await notify.getByLabel(t("action.legalBasis")).fill(legalBasis);
      await notify.getByLabel(t("action.note")).fill(w.note);
      await notify.getByRole("button", { name: t("action.record") }).click();
      await page.getByText(t("action.recorded", { action: t("action.notify_customer") })).waitFor();
      const entry = page.locator(".timeline li.tl-action").last();
      await entry.getByText(legalBasis).waitFor();
      expect(await entry.textContent()).toContain(t("action.notify_customer"));
      expect(await entry.textContent()).toContain(w.note);
      // The first action is taken: its deadline is met.
      const firstAction = page
        .locator(".case-head dl.facts div")
        .filter({ has: page.getByText(t("case.firstActionDue"), { exact: true }) });
      await firstAction.locator(".countdown.met").getByText(t("sla.met")).waitFor();

      const before = await noticesInOutbox(join(demo.dataDir, "outbox"), caseId);
      const panel = page.locator(".notice-panel");
      expect(await panel.getByRole("heading").first().textContent()).toBe(t("notice.title"));
      const listed = await panel.locator(".notice-list > li").count();
      await panel.getByRole("button", { name: t("notice.preview") }).click();
      const subject = panel.getByLabel(t("notice.subject"));
      await subject.waitFor();
      expect(await subject.inputValue()).toMatch(/MGR-\d{4}-\d{6}/);
      expect(await panel.getByLabel(t("notice.text")).inputValue()).toContain(demo.day.tour.host);
      const customer = demo.provider.inventory.customers.find(
        (c) => c.customer_id === demo.day.tour.customerId,
      );
      const to = String(customer?.abuse_email || customer?.email || "");
      expect(to).toContain("@");
      expect(await panel.locator(".notice-form").textContent()).toContain(to);
      await shot("04-notice", { top: panel, bottom: panel, across: panel, maxHeight: 1100 });

      const sentSubject = await subject.inputValue();
      await panel.getByRole("button", { name: t("notice.send") }).click();
      await panel
        .getByText(new RegExp(escapeRe(t("notice.queued", { id: "§" })).replace("§", "\\d+")))
        .waitFor();
      const items = panel.locator(".notice-list > li");
      await until(async () => (await items.count()) > listed, 15_000, "the notice listed");
      // Delivered to the outbox folder (no relay in the demo): the list says so.
      await panel
        .locator(".notice-list > li")
        .filter({ hasText: sentSubject })
        .locator(".badge.status-sent")
        .first()
        .waitFor({ timeout: 30_000 });
      notice = await until(
        async () => {
          const now = await noticesInOutbox(join(demo.dataDir, "outbox"), caseId);
          return now.find((n) => !before.some((b) => b.file === n.file));
        },
        30_000,
        "the notice in the outbox",
      );
      expect(notice.subject).toBe(sentSubject);
      expect(notice.portal.startsWith(`${demo.platform.url}/portal/`)).toBe(true);
    });

    it("6. answers as the customer through the portal link in the mail", async () => {
      const customer = await (await launch()).newContext({
        viewport: { width: 1280, height: 800 },
        locale: w.locale,
        timezoneId: "Asia/Tokyo",
      });
      try {
        const portal = await customer.newPage();
        // The demo's outbox page, newest first: open the notice, then its portal link.
        const listed = await portal.goto(demo.world.outboxUrl);
        expect(listed?.status()).toBe(200);
        await portal.getByRole("link", { name: notice.subject, exact: true }).first().click();
        await portal.getByRole("heading", { name: notice.subject }).waitFor();
        await shot("05-outbox", { target: portal });
        const link = portal.locator(`pre a[href*='/portal/']`).first();
        expect(await link.getAttribute("href")).toBe(notice.portal);
        await link.click();
        await portal.waitForURL(/\/portal\//);
        await portal.getByText(notice.subject, { exact: true }).waitFor();
        expect(await portal.locator("pre").textContent()).toContain(demo.day.tour.host);
        const form = portal.locator("form[method=post]");
        await form.locator("textarea#message").fill(w.answer);
        await form.locator("input[name=fixed]").check();
        expect(await form.locator("input[name=fixed]").isChecked()).toBe(true);
        await shot("06-portal", { target: portal });
        await form.locator("button[type=submit]").click();
        await portal.waitForLoadState();
        const portalLang = await portal.locator("html").getAttribute("lang");
        await portal
          .getByText(portalLang === "ja" ? "ご回答を受け付けました" : "Your answer was received")
          .waitFor();
        expect(await portal.locator("textarea").count()).toBe(0);
      } finally {
        await customer.close();
      }
    });

    it("7. shows the answer on the timeline, then resolves and closes the case", async () => {
      await page.goto(caseUrl());
      await page.getByRole("heading", { name: `#${caseId} ${t("type.phishing")}` }).waitFor();
      const reply = page.locator(".timeline li.tl-reply").last();
      await reply.waitFor();
      expect(await reply.textContent()).toContain(t("tl.reply", { channel: t("channel.portal") }));
      expect(await reply.textContent()).toContain(t("tl.replyFixed"));
      expect(await reply.textContent(), "the customer's answer on the timeline").toContain(
        w.answer,
      );
      expect(await stateBadge().textContent()).toBe(t("state.action_taken"));
      const moved = page
        .locator(".timeline li.tl-transition")
        .filter({ hasText: t("state.action_taken") })
        .last();
      expect(await moved.textContent()).toContain(`customer:${demo.day.tour.customerId}`);

      await move("resolved", t("reason.resolved"));
      // The person who reported it by mail hears the outcome (never who the customer is): a
      // job queues the update, and the case's mail list shows it once the page looks again.
      await until(
        async () => {
          const r = await fetch(`${demo.platform.url}/api/v1/cases/${caseId}/notices`, {
            headers: { authorization: `Bearer ${demo.adminKey}` },
          });
          const { items } = (await r.json()) as { items: { kind: string }[] };
          return items.some((m) => m.kind === "reporter_update");
        },
        30_000,
        "the update to the reporter",
      );
      await move("closed", t("reason.closed"));
      await page
        .locator(".notice-panel .notice-list > li")
        .filter({ hasText: t("mailKind.reporter_update") })
        .first()
        .waitFor();
      // Closing revokes the portal link.
      expect((await page.request.get(notice.portal)).status()).toBe(404);
      expect(
        await page
          .locator(".state-buttons")
          .getByRole("button", { name: t("move.reopen") })
          .count(),
      ).toBe(1);
      await shot("07-closed", {
        bottom: page.locator(".timeline li.tl-transition").last(),
        maxHeight: 1500,
      });
    });

    it("8. draws the statistics", async () => {
      await page
        .getByRole("navigation", { name: t("nav.label") })
        .getByRole("link", { name: t("nav.stats") })
        .click();
      await page.getByRole("heading", { name: t("stats.title"), exact: true }).waitFor();
      await page.getByRole("heading", { name: t("stats.reportsChart") }).waitFor();
      const charts = page.locator("figure.chart .recharts-wrapper > svg.recharts-surface");
      await until(async () => (await charts.count()) >= 6, 15_000, "the charts");
      const titles = await charts.evaluateAll((svgs) =>
        svgs.map((s) => s.querySelector(":scope > title")?.textContent ?? ""),
      );
      expect(titles).toContain(t("stats.reportsChart"));
      expect(titles).toContain(t("stats.casesChart"));
      expect(titles).toContain(t("stats.slaChart"));
      expect(await page.locator("figure.chart .recharts-bar-rectangle").count()).toBeGreaterThan(5);
      await shot("08-stats");
    });
  });
}

tour("en");
tour("ja");
