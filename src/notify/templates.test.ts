import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type NoticeLang,
  ReporterUpdateContext,
  sampleContexts,
  TEMPLATE_NAMES,
} from "./notice-context.ts";
import {
  BUNDLED_TEMPLATE_DIR,
  checkTemplateSource,
  formatJst,
  formatUtc,
  loadTemplates,
  TemplateError,
} from "./templates.ts";

const LANGS: NoticeLang[] = ["ja", "en"];
const bundled = (file: string) => readFileSync(path.join(BUNDLED_TEMPLATE_DIR, file), "utf8");

const tmpDirs: string[] = [];
function tmpDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mogura-templates-"));
  tmpDirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

function loadError(files: Record<string, string>): TemplateError {
  try {
    loadTemplates(tmpDir(files));
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error("loadTemplates accepted a broken override");
}

// A phishing case as a caller builds it: labels left for the texts, a hostile URL planted.
function phishingNotice(lang: NoticeLang) {
  const ctx = structuredClone(sampleContexts(lang)["customer-notice"]);
  return { ...ctx, case: { ...ctx.case, type_label: "", what: "", required_action: "" } };
}

describe("bundled templates", () => {
  const set = loadTemplates();

  it("loads every file", () => {
    expect(set.files()).toEqual([
      "customer-batch.en.yaml",
      "customer-batch.ja.yaml",
      "customer-notice.en.yaml",
      "customer-notice.ja.yaml",
      "customer-notice.phishing.en.yaml",
      "customer-notice.phishing.ja.yaml",
      "reporter-update.en.yaml",
      "reporter-update.ja.yaml",
      "texts.en.yaml",
      "texts.ja.yaml",
    ]);
  });

  for (const name of TEMPLATE_NAMES) {
    for (const lang of LANGS) {
      for (const type of [null, "phishing", "c2-server"]) {
        it(`renders ${name} (${type ?? "no type"}) in ${lang}`, () => {
          const mail = set.render(name, type, lang, sampleContexts(lang)[name]);
          expect(mail.subject).not.toMatch(/\n/);
          expect(mail.subject).toContain("MGR-2026-");
          expect(mail.text).not.toMatch(/\{\{|\}\}/);
          expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
          expect(mail.html).not.toMatch(/<(script|link|img|style)\b/i);
        });
      }
    }
  }

  it("covers the required classification types in both languages", () => {
    const required = [
      "phishing",
      "malware-distribution",
      "c2-server",
      "spam",
      "scanner",
      "brute-force",
      "vulnerable-system",
      "ddos-amplifier",
      "unauthorised-information-modification",
      "infected-system",
    ];
    for (const lang of LANGS) {
      const texts = set.texts(lang);
      expect(Object.keys(texts.types)).toEqual(expect.arrayContaining(required));
      expect(texts.default.label).not.toBe("");
      expect(texts.outcomes.rejected).not.toBe("");
    }
  });

  it("puts 【重要】 and the tracking numbers in the Japanese phishing subject", () => {
    const mail = set.render("customer-notice", "phishing", "ja", phishingNotice("ja"));
    expect(mail.subject).toMatch(/^【重要】/);
    expect(mail.subject).toContain("[MGR-2026-000123]");
    expect(mail.subject).toContain("[MGR-2026-000127]");
    const en = set.render("customer-notice", "phishing", "en", phishingNotice("en"));
    expect(en.subject).toContain("[MGR-2026-000123]");
  });

  it("states the deadline in JST and UTC", () => {
    const ja = set.render("customer-notice", "phishing", "ja", phishingNotice("ja"));
    for (const body of [ja.text, ja.html]) {
      expect(body).toContain("2026年11月29日 16:00 (JST)");
      expect(body).toContain("2026-11-29 07:00 UTC");
    }
    const en = set.render("customer-notice", "phishing", "en", phishingNotice("en"));
    expect(en.text).toContain("29 Nov 2026 16:00 JST");
    expect(en.text).toContain("2026-11-29 07:00 UTC");
    const batch = set.render("customer-batch", null, "ja", sampleContexts("ja")["customer-batch"]);
    expect(batch.text).toContain("2026年12月2日 09:00 (JST) / 2026-12-02 00:00 UTC");
  });

  it("tells what to do and how to reply, from the texts when the caller left them empty", () => {
    const mail = set.render("customer-notice", "phishing", "ja", phishingNotice("ja"));
    expect(mail.text).toContain("パスワードをすべて変更してください");
    expect(mail.text).toContain("reply+q7xk2mp9vt3n@abuse.hosting.example.jp");
    expect(mail.text).toContain("https://abuse.hosting.example.jp/portal/r/q7xk2mp9vt3n");
    expect(mail.text).toContain("報告者から転送の許可を得た情報のみ");
    expect(mail.html).toContain('href="https://abuse.hosting.example.jp/portal/r/q7xk2mp9vt3n"');
    const en = set.render("customer-notice", "phishing", "en", phishingNotice("en"));
    expect(en.text).toContain("Change every password");
    expect(en.text).toContain("Only the information the reporter allowed us to forward");
  });

  it("uses the type's label in the default notice, aliases accepted", () => {
    const ctx = structuredClone(sampleContexts("ja")["customer-notice"]);
    ctx.case = { ...ctx.case, type: "defacement", type_label: "", what: "", required_action: "" };
    const mail = set.render("customer-notice", "defacement", "ja", ctx);
    expect(mail.subject).toBe(
      "【重要】ご契約サービスにおけるWebサイトの改ざんに関するご連絡と対応のお願い [MGR-2026-000123] [MGR-2026-000127]",
    );
    ctx.case.type = "something-new";
    const fallback = set.render("customer-notice", "something-new", "en", ctx);
    expect(fallback.subject).toContain("IMPORTANT: Abuse reported");
  });

  it("escapes HTML in the html body and keeps the text literal", () => {
    const ctx = phishingNotice("ja");
    ctx.case.resource = '<script>alert("x")</script>.example.jp';
    ctx.case.urls = ["http://evil.example/<script>alert(1)</script>"];
    ctx.customer.name = "A&B <b>商事</b>";
    const mail = set.render("customer-notice", "phishing", "ja", ctx);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.example.jp");
    expect(mail.html).toContain("http://evil.example/&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain("A&amp;B &lt;b&gt;商事&lt;/b&gt; 様");
    expect(mail.text).toContain('<script>alert("x")</script>.example.jp');
    expect(mail.text).toContain("http://evil.example/<script>alert(1)</script>");
    expect(mail.text).toContain("A&B <b>商事</b> 様");
  });

  it("renders a case that has no tracking number (from a feed) without an empty line", () => {
    const ctx = structuredClone(sampleContexts("ja")["customer-notice"]);
    ctx.case.tracking_numbers = [];
    const mail = set.render("customer-notice", null, "ja", ctx);
    expect(mail.subject).not.toContain("[");
    expect(mail.text).not.toContain("受付番号:");
    expect(mail.text).toContain("案件番号: 8812");
  });

  it("keeps the subject on one line", () => {
    const ctx = structuredClone(sampleContexts("en")["customer-notice"]);
    ctx.case.type_label = "Phishing\r\nBcc: victim@example.com";
    const mail = set.render("customer-notice", null, "en", ctx);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("Phishing Bcc: victim@example.com");
  });

  it("renders no customer data in a reporter update", () => {
    const notice = sampleContexts("ja")["customer-notice"];
    const wrong = {
      ...sampleContexts("ja")["reporter-update"],
      outcome_label: "",
      type_label: "",
      customer: notice.customer,
      customer_name: notice.customer.name,
      case: notice.case,
      service_id: "SH-20931",
    };
    expect(Object.keys(ReporterUpdateContext.parse(wrong))).not.toEqual(
      expect.arrayContaining(["customer"]),
    );
    expect(ReporterUpdateContext.parse(wrong)).not.toHaveProperty("customer_name");
    for (const lang of LANGS) {
      const mail = set.render("reporter-update", "phishing", lang, { ...wrong, lang });
      const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
      for (const secret of ["サンプル商事", "C-104233", "SH-20931", "reply+", "8812"]) {
        expect(all).not.toContain(secret);
      }
      expect(mail.subject).toContain("[MGR-2026-000123]");
    }
    const ja = set.render("reporter-update", "phishing", "ja", wrong);
    expect(ja.subject).toContain("対応完了");
    expect(ja.text).toContain("種別: フィッシングサイト");
    const rejected = set.render("reporter-update", null, "en", {
      ...wrong,
      lang: "en",
      outcome: "rejected",
    });
    expect(rejected.subject).toContain("No action taken");
    expect(rejected.text).toContain("no action on our side is warranted");
  });

  it("refuses a context that does not match the schema", () => {
    const ctx = { ...sampleContexts("ja")["customer-notice"], reply: { address: "nope" } };
    expect(() => set.render("customer-notice", null, "ja", ctx)).toThrow(TemplateError);
    expect(() => set.render("customer-notice", null, "ja", ctx)).toThrow(/reply/);
  });
});

describe("operator overrides", () => {
  it("replaces one file and keeps the others", () => {
    const source = bundled("customer-notice.ja.yaml").replace(
      "【重要】ご契約サービスにおける",
      "【重要】【当社独自】ご契約サービスにおける",
    );
    const set = loadTemplates(tmpDir({ "customer-notice.ja.yaml": source }));
    const ctx = sampleContexts("ja")["customer-notice"];
    expect(set.render("customer-notice", null, "ja", ctx).subject).toContain("【当社独自】");
    expect(set.render("customer-notice", "phishing", "ja", ctx).subject).not.toContain("当社独自");
    expect(
      set.render("customer-notice", null, "en", sampleContexts("en")["customer-notice"]).subject,
    ).toMatch(/^IMPORTANT/);
  });

  it("adds a type-specific file; an English customer falls back to the generic English one", () => {
    const source = bundled("customer-notice.ja.yaml").replace(
      "subject: >-\n  【重要】",
      "subject: >-\n  【重要】【C2】",
    );
    const set = loadTemplates(tmpDir({ "customer-notice.c2-server.ja.yaml": source }));
    expect(set.files()).toContain("customer-notice.c2-server.ja.yaml");
    const ja = set.render(
      "customer-notice",
      "c2-server",
      "ja",
      sampleContexts("ja")["customer-notice"],
    );
    expect(ja.subject).toMatch(/^【重要】【C2】/);
    const en = set.render(
      "customer-notice",
      "c2-server",
      "en",
      sampleContexts("en")["customer-notice"],
    );
    expect(en.subject).toMatch(/^IMPORTANT/);
  });

  it("falls back to Japanese when a template set has no English file", () => {
    const bundledDir = tmpDir();
    cpSync(BUNDLED_TEMPLATE_DIR, bundledDir, { recursive: true });
    unlinkSync(path.join(bundledDir, "customer-batch.en.yaml"));
    unlinkSync(path.join(bundledDir, "texts.en.yaml"));
    const set = loadTemplates(undefined, { bundledDir });
    const mail = set.render("customer-batch", null, "en", sampleContexts("en")["customer-batch"]);
    expect(mail.subject).toMatch(/^【ご対応のお願い】/);
    expect(mail.html).toContain('<html lang="ja">');
    // The Japanese file formats its times in Japanese even for an English request.
    expect(mail.text).toContain("2026年12月2日 09:00 (JST)");
    expect(set.texts("en").default.label).toBe("不正利用");
  });

  it("names the file of a broken override at load", () => {
    const badYaml = loadError({ "customer-notice.ja.yaml": "subject: [unclosed\ntext: x\n" });
    expect(badYaml.message).toMatch(/customer-notice\.ja\.yaml: not valid YAML/);

    const unclosed = loadError({
      "customer-batch.en.yaml": bundled("customer-batch.en.yaml").replace(
        "{{#if service_id}}\n    Service ID: {{service_id}}\n  {{/if}}",
        "{{#if service_id}}\n    Service ID: {{service_id}}",
      ),
    });
    expect(unclosed.message).toMatch(
      /customer-batch\.en\.yaml: line \d+.*\{\{#if\}\} is not closed/,
    );

    const unclosedAtEnd = loadError({
      "reporter-update.ja.yaml": bundled("reporter-update.ja.yaml").replace(
        "text: |\n",
        "text: |\n  {{#if outcome}}\n",
      ),
    });
    expect(unclosedAtEnd.message).toMatch(/reporter-update\.ja\.yaml: .*syntax error.*not closed/);

    const missingVariable = loadError({
      "customer-notice.phishing.ja.yaml": bundled("customer-notice.phishing.ja.yaml").replace(
        "案件番号: {{case.id}}",
        "案件番号: {{case.nope}}",
      ),
    });
    expect(missingVariable.message).toMatch(
      /customer-notice\.phishing\.ja\.yaml: line \d+, column \d+ \(text line \d+\): "case\.nope" is not defined/,
    );

    const missingSubject = loadError({
      "reporter-update.en.yaml": "text: hello\nhtml: <p>hello</p>\n",
    });
    expect(missingSubject.message).toBe(`${missingSubject.file}: missing key "subject"`);
    expect(missingSubject.message).toContain("reporter-update.en.yaml");
  });

  it("reports the line of the YAML file where the problem is", () => {
    const source = "subject: >-\n  hi\ntext: |\n  one\n  {{case.nope}}\nhtml: x\n";
    expect(checkTemplateSource("customer-notice.ja.yaml", source)).toBe(
      'customer-notice.ja.yaml: line 5, column 5 (text line 2): "case.nope" is not defined (a misspelt variable, a helper that does not exist, or a variable this template does not get)',
    );
  });

  it("catches a misspelt variable in a helper argument, which strict mode alone lets through", () => {
    const source = bundled("customer-notice.en.yaml").replace(
      "{{#if case.service_id}}",
      "{{#if case.servce_id}}",
    );
    expect(checkTemplateSource("customer-notice.en.yaml", source)).toMatch(/"case\.servce_id"/);
    const each = bundled("customer-batch.ja.yaml").replace(
      "{{#each evidence}}",
      "{{#each evidense}}",
    );
    expect(checkTemplateSource("customer-batch.ja.yaml", each)).toMatch(
      /"evidense" is not defined/,
    );
  });

  it("refuses a customer field in a reporter update template", () => {
    const source = bundled("reporter-update.ja.yaml").replace(
      "ご担当者様\n",
      "ご担当者様（{{customer.name}}）\n",
    );
    expect(checkTemplateSource("reporter-update.ja.yaml", source)).toMatch(/"customer\.name"/);
  });

  it("refuses html that loads resources or is not a whole document", () => {
    const withImage = bundled("reporter-update.en.yaml").replace(
      '<p style="margin:0 0 16px;">Hello,</p>',
      '<p><img src="https://tracker.example/p.gif">Hello,</p>',
    );
    expect(checkTemplateSource("reporter-update.en.yaml", withImage)).toMatch(/<img>/);
    const fragment = "subject: hi [{{tracking_number}}]\ntext: hi\nhtml: <p>hi</p>\n";
    expect(checkTemplateSource("reporter-update.en.yaml", fragment)).toMatch(/DOCTYPE/);
  });
});

describe("checkTemplateSource", () => {
  it("accepts every bundled file", () => {
    for (const name of loadTemplates().files()) {
      expect(checkTemplateSource(name, bundled(name))).toBeNull();
    }
  });

  it("returns the problem of a bad source", () => {
    expect(checkTemplateSource("customer-notice.en.yaml", "subject: x\ntext: x\n")).toBe(
      'customer-notice.en.yaml: missing key "html"',
    );
    expect(
      checkTemplateSource("customer-notice.en.yaml", "subject: x\ntext: '{{#if lang}}'\nhtml: x\n"),
    ).toMatch(/not closed/);
    expect(
      checkTemplateSource("customer-notice.en.yaml", "subject: x\ntext: x\nhtml: x\nhtlm: x\n"),
    ).toMatch(/unknown key "htlm"/);
    expect(checkTemplateSource("customer-notice.fr.yaml", "subject: x\n")).toMatch(
      /not a template file name/,
    );
    expect(checkTemplateSource("customer-notice.phising.ja.yaml", "subject: x\n")).toMatch(
      /"phising" is not a classification type/,
    );
    expect(checkTemplateSource("customer-notice.defacement.ja.yaml", "subject: x\n")).toMatch(
      /alias.*unauthorised-information-modification/,
    );
  });

  it("checks a texts file", () => {
    const good = bundled("texts.en.yaml");
    expect(checkTemplateSource("texts.en.yaml", good)).toBeNull();
    expect(
      checkTemplateSource("texts.en.yaml", good.replace("  phishing:\n", "  phising:\n")),
    ).toMatch(/"phising" is not a classification type/);
    expect(checkTemplateSource("texts.en.yaml", good.replace(/^outcomes:[\s\S]*$/m, ""))).toMatch(
      /outcomes/,
    );
  });
});

describe("time helpers", () => {
  it("formats JST and UTC", () => {
    expect(formatJst("2026-11-29T07:00:00Z", "ja")).toBe("2026年11月29日 16:00 (JST)");
    expect(formatJst("2026-11-29T07:00:00Z", "en")).toBe("29 Nov 2026 16:00 JST");
    expect(formatJst("2026-12-31T15:05:00Z", "ja")).toBe("2027年1月1日 00:05 (JST)");
    expect(formatJst("2026-01-05T10:00:00+09:00", "en")).toBe("5 Jan 2026 10:00 JST");
    expect(formatUtc("2026-11-29T16:00:00+09:00")).toBe("2026-11-29 07:00 UTC");
    expect(() => formatUtc("yesterday")).toThrow(/ISO time/);
  });
});
