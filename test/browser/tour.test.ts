// The guided tour (docs/tour.md) in a real browser, once in English and once in Japanese,
// each on its own fresh `mogura demo`: sign in, open the phishing case, decide the misuse
// type, read the evidence, notify the customer, answer as the customer through the portal
// link in the outbox, resolve and close, look at the statistics; then the takedown story the
// demo played: whom the night shift asked about a phishing site abroad and what the host
// answered, the same kit back on a new domain, and who answers in the statistics.
// MOGURA_TOUR_SHOTS=docs/tour refreshes the tour's screenshots.
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
import { FOREIGN_HOSTING } from "../../src/demo/world.ts";
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

/** What the tour reads of a takedown request from the API. */
interface SentRequest {
  id: number;
  role: string;
  recipient: { email?: string | null; organisation?: string | null };
  deadline_at: string;
  created_at: string;
}

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

    it("9. opens a phishing site abroad: who can act, what was asked, and what they answered", async () => {
      const td = demo.takedown;
      const first = td.firstCaseId;
      const r = await fetch(`${demo.platform.url}/api/v1/cases/${first}/takedown-requests`, {
        headers: { authorization: `Bearer ${demo.adminKey}` },
      });
      const { requests } = (await r.json()) as { requests: SentRequest[] };
      const toHost = requests.find((q) => q.recipient.email === FOREIGN_HOSTING.abuse);
      const toRegistrar = requests.find((q) => q.role === "registrar");
      expect(toHost, JSON.stringify(requests)).toBeDefined();
      expect(toRegistrar, JSON.stringify(requests)).toBeDefined();
      const host = toHost as SentRequest;
      const registrar = toRegistrar as SentRequest;

      // In the queue, "Not ours only" lists what sits on others' networks; the phishing site
      // abroad is among the first, as its deadline is near.
      await page
        .getByRole("navigation", { name: t("nav.label") })
        .getByRole("link", { name: t("nav.queue") })
        .click();
      await page.getByRole("heading", { name: t("queue.title") }).waitFor();
      await page.getByRole("checkbox", { name: t("queue.notOurs") }).check();
      await page.waitForURL(/ownership=not_ours/);
      const listed = page.locator(`table.queue tbody tr[data-case-id='${first}']`);
      await listed.waitFor();
      expect(await listed.locator(".resource").textContent()).toBe(
        new URL(td.firstUrl).hostname.replace(/^[^.]+\./, ""),
      );
      expect(await listed.textContent()).toContain(t("owner.notOurs"));
      await listed.getByRole("link", { name: `#${first}`, exact: true }).click();
      await page.waitForURL(new RegExp(`/cases/${first}$`));
      await page.getByRole("heading", { name: `#${first} ${t("type.phishing")}` }).waitFor();
      const owner = page
        .locator(".case-head dl.facts div")
        .filter({ has: page.getByText(t("case.owner"), { exact: true }) });
      expect(await owner.locator("dd").textContent()).toBe(t("owner.notOurs"));

      // Who can act on the reported URL: the network that hosts it and the domain's registrar
      // (and the registry above it), each with where the answer came from.
      const section = page.locator("section.takedown");
      await section.getByRole("heading", { name: t("td.title"), exact: true }).waitFor();
      const contacts = section.locator("section.td-contacts");
      const target = contacts.getByRole("button", { name: td.firstUrl, exact: true });
      await target.click();
      expect(await target.getAttribute("aria-pressed")).toBe("true");
      const hostContact = contacts.locator(".td-contact[data-role='host']");
      await hostContact.waitFor();
      expect(await hostContact.textContent()).toContain(FOREIGN_HOSTING.name);
      expect(await hostContact.textContent()).toContain(FOREIGN_HOSTING.abuse);
      const hostSource = hostContact.locator(".td-source dd");
      expect(await hostSource.textContent()).toContain(t("contactSource.rdap"));
      expect(await hostSource.locator("a").getAttribute("href")).toMatch(/\/ip\/127\.0\.0\.1$/);
      const registrarContact = contacts.locator(".td-contact[data-role='registrar']");
      expect(await registrarContact.textContent()).toContain(
        registrar.recipient.organisation as string,
      );
      expect(await registrarContact.locator(".td-source dd").textContent()).toContain(
        t("contactSource.rdap"),
      );
      expect(await registrarContact.locator(".td-source dd a").getAttribute("href")).toMatch(
        /\/domain\/jp-bank-verify\.example$/,
      );

      // The two requests the night shift sent: the host answered, and the site fell, so both
      // are "resource down"; only the host's has an acknowledgement.
      const rows = section.locator("table.td-requests tbody tr[data-request-id]");
      await until(async () => (await rows.count()) === 2, 15_000, "the two requests");
      const row = (q: SentRequest) => section.locator(`tr[data-request-id='${q.id}']`);
      for (const [q, role] of [
        [host, "host"],
        [registrar, "registrar"],
      ] as const) {
        expect(await row(q).locator(".td-role").textContent()).toBe(t(`contactRole.${role}`));
        expect(await row(q).locator(".td-state").getAttribute("data-state")).toBe("resource_down");
        expect(await row(q).locator(".td-state").textContent()).toBe(t("tdState.resource_down"));
      }
      expect(await row(host).locator("td").nth(5).locator("time").count()).toBe(1);
      expect(await row(registrar).locator("td").nth(5).textContent()).toBe("—");
      // The timeline tells the same: sent, the host's reply, the site down, both requests closed
      // by it.
      const tl = page.locator(".timeline").first();
      const down = tl.locator("li.tl-watch");
      expect(await down.textContent()).toContain(t("tl.watchDown"));
      expect(await down.textContent()).toContain(td.firstUrl);
      expect(await tl.locator("li.tl-takedown .td-state-resource_down").count()).toBe(2);
      await shot("09-takedown", {
        top: section,
        bottom: section.locator("table.td-requests"),
        across: section,
        maxHeight: 1200,
      });

      // The request to the host as it went: the mail, the XARF report, and the host's answer.
      await row(host).getByRole("button", { expanded: false }).click();
      const detail = section.locator("tr.td-detail-row section.td-detail");
      await detail.waitFor();
      expect(await row(host).getByRole("button", { expanded: true }).count()).toBe(1);
      expect(await detail.locator("h4").textContent()).toContain(`[TD-${first}-${host.id}]`);
      const facts = (await detail.locator("dl.td-facts").textContent()) ?? "";
      expect(facts).toContain(FOREIGN_HOSTING.abuse);
      expect(facts).toContain(t("tdFormat.both"));
      expect(facts).toContain(td.firstUrl);
      const mail = (await detail.getByTestId("td-mail").textContent()) ?? "";
      expect(mail).toContain(td.firstUrl);
      // (The SHA-256 of Mogura's captures is in it when they had finished before the drafting;
      // on a busy machine the demo may draft first.)
      // By when an answer is hoped for: the request's deadline (12 hours for phishing).
      expect((Date.parse(host.deadline_at) - Date.parse(host.created_at)) / 3_600_000).toBeCloseTo(
        12,
        1,
      );
      expect(mail).toContain(`${host.deadline_at.slice(0, 16).replace("T", " ")} UTC`);
      expect(mail).toContain("XARF");
      await detail.locator("details.td-xarf > summary").click();
      const xarf = JSON.parse(
        (await detail.locator("details.td-xarf pre").textContent()) ?? "{}",
      ) as { reports: { xarf_version: string; category: string; type: string; url: string }[] };
      expect(xarf.reports[0]).toMatchObject({
        xarf_version: "4.2.0",
        category: "content",
        type: "phishing",
        url: td.firstUrl,
      });
      const reply = detail.locator("ul.td-replies > li");
      await reply.first().waitFor();
      expect(await reply.count()).toBe(1);
      expect(await reply.textContent()).toContain(FOREIGN_HOSTING.abuse);
      expect(await reply.locator(".notice-subject").textContent()).toContain(
        `[TD-${first}-${host.id}]`,
      );
      expect(await reply.locator("pre").textContent()).toContain("suspended the customer's site");
      await shot("10-request", {
        top: detail,
        bottom: reply,
        across: section,
        maxHeight: 1600,
      });
    });

    it("10. sees the same kit come back on a new domain, linked to the first case", async () => {
      const td = demo.takedown;
      await page.goto(`${demo.platform.url}/cases/${td.secondCaseId}`);
      await page
        .getByRole("heading", { name: `#${td.secondCaseId} ${t("type.phishing")}` })
        .waitFor();
      const mark = page.locator(".case-title .badge.mark-reemerged");
      expect(await mark.textContent()).toContain(t("queue.reemergedMark"));
      expect(await page.locator(".case-head dl.facts .resource").textContent()).toBe(
        new URL(td.secondUrl).hostname.replace(/^[^.]+\./, ""),
      );
      // The timeline says where it was seen before, as a link to that case, and why.
      const entry = page.locator(".timeline li.tl-reemerged");
      await entry.waitFor();
      const text = (await entry.textContent()) ?? "";
      expect(text).not.toContain("{");
      expect(text).toContain(td.secondUrl);
      expect(text).toContain(td.firstUrl);
      const why = await entry.locator(".badge.mark-reemerged").textContent();
      expect(
        ["same_content", "similar_content", "same_kit_path"].map((k) =>
          t(`reemergedReason.${k}` as Key),
        ),
      ).toContain(why);
      const link = entry.getByRole("link", { name: `#${td.firstCaseId}`, exact: true });
      expect(await link.getAttribute("href")).toBe(`/cases/${td.firstCaseId}`);
      await shot("11-reemerged", {
        bottom: entry,
        maxHeight: 1400,
      });

      // The first case links back.
      await link.click();
      await page.waitForURL(new RegExp(`/cases/${td.firstCaseId}$`));
      const back = page.locator(".timeline li.tl-reemerged");
      await back.waitFor();
      expect(
        await back.getByRole("link", { name: `#${td.secondCaseId}`, exact: true }).count(),
      ).toBe(1);
      expect(await back.textContent()).toContain(t("tl.seenAgainOn").split("{case}")[0]?.trim());

      // The queue's "Re-emerged only" finds it, and nothing that did not come back.
      await page
        .getByRole("navigation", { name: t("nav.label") })
        .getByRole("link", { name: t("nav.queue") })
        .click();
      await page.getByRole("heading", { name: t("queue.title") }).waitFor();
      await page.getByRole("checkbox", { name: t("queue.reemerged") }).check();
      await page.waitForURL(/reemerged=true/);
      const rows = page.locator("table.queue tbody tr");
      await until(
        async () => {
          const n = await rows.count();
          const marked = await rows.filter({ has: page.locator(".mark-reemerged") }).count();
          return n > 0 && n === marked;
        },
        15_000,
        "only re-emerged cases listed",
      );
      const second = page.locator(`table.queue tbody tr[data-case-id='${td.secondCaseId}']`);
      await second.waitFor();
      expect(await second.textContent()).toContain(t("owner.notOurs"));
      expect(await rows.count()).toBe(1);
      expect(
        await page.locator(`table.queue tbody tr[data-case-id='${td.firstCaseId}']`).count(),
      ).toBe(0);
      await shot("12-queue-reemerged");
    });

    it("11. shows who answers takedown requests and how fast the sites fall", async () => {
      await page
        .getByRole("navigation", { name: t("nav.label") })
        .getByRole("link", { name: t("nav.stats") })
        .click();
      await page.getByRole("heading", { name: t("stats.title"), exact: true }).waitFor();
      const figure = page
        .locator("figure.chart")
        .filter({ has: page.getByRole("heading", { name: t("stats.tdTitle"), exact: true }) });
      await figure.waitFor();
      // Asked within minutes of the report; the site fell after the host answered.
      const overall = figure.locator("table.td-stats-overall tbody tr");
      expect(await overall.count()).toBe(2);
      for (const [i, name] of [t("stats.tdFirstRequest"), t("stats.tdUptime")].entries()) {
        expect(await overall.nth(i).locator("th").textContent()).toBe(name);
        expect(await overall.nth(i).locator("td").first().textContent()).toBe("1");
        expect(await overall.nth(i).locator("td").nth(1).textContent()).toMatch(/^\d+(\.\d+)? h$/);
      }
      expect(await figure.textContent()).toContain(t("stats.tdStillUpOf", { n: 0, total: 1 }));
      // Per recipient: the host answered, the registrar did not; both sites' requests ended down.
      const recipient = (role: string) =>
        figure.locator(`table.td-stats-recipients tbody tr[data-role='${role}']`);
      const cells = async (l: Locator) => (await l.locator("td").allTextContents()).slice(0, 5);
      // requests, answered, refused, unanswered, down
      expect(await recipient("host").locator("th").textContent()).toContain(FOREIGN_HOSTING.name);
      expect(await cells(recipient("host"))).toEqual(["1", "1", "0", "0", "1"]);
      expect(await recipient("registrar").count()).toBe(1);
      expect(await cells(recipient("registrar"))).toEqual(["1", "0", "0", "0", "1"]);
      await shot("13-takedown-stats", { top: figure, bottom: figure, across: figure });
    });
  });
}

tour("en");
tour("ja");
