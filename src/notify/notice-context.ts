import { z } from "zod";

/**
 * The variables each notification template receives. A context is parsed with these schemas
 * before rendering, so a template only ever sees the keys listed here: unknown keys are
 * stripped, which is what keeps a customer's identity out of a reporter update even when a
 * caller hands over a richer object than it should.
 */

export const TEMPLATE_NAMES = ["customer-notice", "customer-batch", "reporter-update"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const NoticeLang = z.enum(["ja", "en"]);
export type NoticeLang = z.infer<typeof NoticeLang>;

// The database hands back Date objects; templates want one canonical string form.
const IsoTime = z.union([
  z.iso.datetime({ offset: true }),
  z.date().transform((d) => d.toISOString()),
]);

// Case ids are bigints in PostgreSQL and arrive as strings or numbers depending on the driver.
const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const NoticeProvider = z.object({
  name: z.string().min(1),
  // Any address the operator configured, `abuse@localhost` included: it is ours, not input.
  abuse_address: z.string().min(3),
});
export type NoticeProvider = z.infer<typeof NoticeProvider>;

export const NoticeEvidence = z.object({
  kind: z.string().min(1),
  summary: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "a lowercase hex SHA-256"),
});
export type NoticeEvidence = z.infer<typeof NoticeEvidence>;

export const NoticeCase = z.object({
  id: Id,
  // Empty when the case came from a feed or monitoring rather than from a report.
  tracking_numbers: z.array(z.string().min(1)).default([]),
  type: z.string().min(1),
  // Left empty, the renderer fills these from the template set's texts for the type.
  type_label: z.string().default(""),
  what: z.string().default(""),
  required_action: z.string().default(""),
  resource: z.string().min(1),
  service_id: z.string().nullable().default(null),
  first_seen: IsoTime,
  last_seen: IsoTime,
  urls: z.array(z.string()).default([]),
  ips: z.array(z.string()).default([]),
  // Only what the reporter allowed to be forwarded; the caller filters, the template trusts.
  evidence: z.array(NoticeEvidence).default([]),
  first_action_due: IsoTime,
  resolution_due: IsoTime,
});
export type NoticeCase = z.infer<typeof NoticeCase>;

export const NoticeCustomer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
});

export const NoticeReply = z.object({
  address: z.string().min(3),
  portal_url: z.url({ protocol: /^https?$/ }),
  expires_at: IsoTime,
});

/** Variables of `customer-notice`: one case, told to its customer at once. */
export const NoticeContext = z.object({
  lang: NoticeLang,
  provider: NoticeProvider,
  customer: NoticeCustomer,
  case: NoticeCase,
  reply: NoticeReply,
});
export type NoticeContext = z.infer<typeof NoticeContext>;
export type NoticeContextInput = z.input<typeof NoticeContext>;

/** Variables of `customer-batch`: several open cases of one customer in one mail. */
export const BatchNoticeContext = z.object({
  lang: NoticeLang,
  provider: NoticeProvider,
  customer: NoticeCustomer,
  cases: z.array(NoticeCase).min(1),
  reply: NoticeReply,
});
export type BatchNoticeContext = z.infer<typeof BatchNoticeContext>;
export type BatchNoticeContextInput = z.input<typeof BatchNoticeContext>;

/** Variables of `reporter-update`: deliberately without any customer field. */
export const ReporterUpdateContext = z.object({
  lang: NoticeLang,
  provider: NoticeProvider,
  tracking_number: z.string().min(1),
  outcome: z.enum(["resolved", "rejected"]),
  outcome_label: z.string().default(""),
  resource: z.string().min(1),
  type_label: z.string().default(""),
  reported_at: IsoTime,
  closed_at: IsoTime,
});
export type ReporterUpdateContext = z.infer<typeof ReporterUpdateContext>;
export type ReporterUpdateContextInput = z.input<typeof ReporterUpdateContext>;

/** The schema of each template name's variables. */
export const CONTEXT_SCHEMAS = {
  "customer-notice": NoticeContext,
  "customer-batch": BatchNoticeContext,
  "reporter-update": ReporterUpdateContext,
} as const;

export interface SampleContexts {
  "customer-notice": NoticeContext;
  "customer-batch": BatchNoticeContext;
  "reporter-update": ReporterUpdateContext;
}

const SAMPLE_TEXTS = {
  ja: {
    provider: "モグラホスティング株式会社",
    customer: "株式会社サンプル商事",
    phishing: {
      label: "フィッシングサイト",
      what: "金融機関等を装い、ID・パスワードやカード情報を詐取するページが公開されています。",
      action: "1. 該当ページを直ちに削除してください。\n2. 各種パスワードを変更してください。",
    },
    scanner: {
      label: "ポートスキャン等の探索行為",
      what: "お客様のIPアドレスから、他のネットワークへの探索行為が行われています。",
      action: "1. 探索を行っているプログラムを停止してください。",
    },
    bruteForce: {
      label: "ログイン試行（ブルートフォース攻撃）",
      what: "お客様のIPアドレスから、パスワードを総当たりで試すログイン試行が行われています。",
      action: "1. ログイン試行を行っているプログラムを停止してください。",
    },
    phishingSummary:
      "HTTP 200、ページタイトル「サンプル銀行 ログイン」、口座番号・暗証番号の入力フォームあり",
    scanSummary: "2026-11-20 03:12 UTC から 22/tcp・3389/tcp への接続試行 約41,000件",
    outcome: "対応完了",
  },
  en: {
    provider: "Mogura Hosting K.K.",
    customer: "Sample Trading Co., Ltd.",
    phishing: {
      label: "Phishing site",
      what: "A page imitating a bank or shop to steal credentials or card data is online.",
      action: "1. Remove the page at once.\n2. Change all passwords.",
    },
    scanner: {
      label: "Port scanning",
      what: "Your IP address is scanning other networks.",
      action: "1. Stop the program that is scanning.",
    },
    bruteForce: {
      label: "Login attempts (brute force)",
      what: "Your IP address is guessing passwords on other servers.",
      action: "1. Stop the program that is making the login attempts.",
    },
    phishingSummary:
      'HTTP 200, page title "Sample Bank Login", form asking for account number and PIN',
    scanSummary:
      "About 41,000 connection attempts to 22/tcp and 3389/tcp since 2026-11-20 03:12 UTC",
    outcome: "Resolved",
  },
} as const;

/**
 * A realistic context for each template name, in the given language; templates are rendered
 * with these at load and at edit time, so every branch they exercise must be reachable here.
 */
export function sampleContexts(lang: NoticeLang = "ja"): SampleContexts {
  const t = SAMPLE_TEXTS[lang];
  const provider = { name: t.provider, abuse_address: "abuse@hosting.example.jp" };
  const customer = { id: "C-104233", name: t.customer };
  const reply = {
    address: "reply+q7xk2mp9vt3n@abuse.hosting.example.jp",
    portal_url: "https://abuse.hosting.example.jp/portal/r/q7xk2mp9vt3n",
    expires_at: "2026-12-13T07:00:00.000Z",
  };
  const phishing: NoticeCase = {
    id: "8812",
    tracking_numbers: ["MGR-2026-000123", "MGR-2026-000127"],
    type: "phishing",
    type_label: t.phishing.label,
    what: t.phishing.what,
    required_action: t.phishing.action,
    resource: "shop-sample.example.jp",
    service_id: "SH-20931",
    first_seen: "2026-11-28T22:41:00.000Z",
    last_seen: "2026-11-29T05:10:00.000Z",
    urls: ["https://shop-sample.example.jp/wp-content/uploads/2026/11/login/index.php"],
    ips: ["203.0.113.45"],
    evidence: [
      {
        kind: "http-capture",
        summary: t.phishingSummary,
        sha256: "9f2c4b8e1d7a3f6c0b5e8d2a4c7f1e9b3d6a0c8f2e5b7d1a4c9e6f3b0d8a2c5e",
      },
    ],
    first_action_due: "2026-11-29T07:00:00.000Z",
    resolution_due: "2026-12-01T07:00:00.000Z",
  };
  const vps = {
    resource: "198.51.100.23",
    service_id: "VPS-55810",
    urls: [],
    ips: ["198.51.100.23"],
  };
  const scanner: NoticeCase = {
    ...vps,
    id: "8790",
    tracking_numbers: ["MGR-2026-000101"],
    type: "scanner",
    type_label: t.scanner.label,
    what: t.scanner.what,
    required_action: t.scanner.action,
    first_seen: "2026-11-20T03:12:00.000Z",
    last_seen: "2026-11-27T18:40:00.000Z",
    evidence: [
      {
        kind: "log-excerpt",
        summary: t.scanSummary,
        sha256: "1b7e3c9a5d2f8e4b0c6a9d3f7e1b5c8a2d4f6e0b9c3a7d5e1f8b2c4a6d0e9f3b",
      },
    ],
    first_action_due: "2026-12-02T00:00:00.000Z",
    resolution_due: "2026-12-09T00:00:00.000Z",
  };
  const bruteForce: NoticeCase = {
    ...vps,
    id: "8801",
    tracking_numbers: ["MGR-2026-000110", "MGR-2026-000115", "MGR-2026-000119"],
    type: "brute-force",
    type_label: t.bruteForce.label,
    what: t.bruteForce.what,
    required_action: t.bruteForce.action,
    first_seen: "2026-11-24T11:05:00.000Z",
    last_seen: "2026-11-28T09:30:00.000Z",
    evidence: [],
    first_action_due: "2026-12-03T00:00:00.000Z",
    resolution_due: "2026-12-10T00:00:00.000Z",
  };
  return {
    "customer-notice": { lang, provider, customer, case: phishing, reply },
    "customer-batch": { lang, provider, customer, cases: [scanner, bruteForce], reply },
    "reporter-update": {
      lang,
      provider,
      tracking_number: "MGR-2026-000123",
      outcome: "resolved",
      outcome_label: t.outcome,
      resource: "https://shop-sample.example.jp/wp-content/uploads/2026/11/login/index.php",
      type_label: t.phishing.label,
      reported_at: "2026-11-28T23:02:00.000Z",
      closed_at: "2026-11-29T06:15:00.000Z",
    },
  };
}
