// summary.html: the page a person at a provider, a registrar or a court reads first. It is
// made from the manifest only, in Japanese and English side by side, and holds no script, no
// link and no remote resource: every string in it may come from an attacker (page titles,
// headers, certificate names, URLs), so everything is escaped and nothing is clickable.
import { z } from "zod";
import type { PackageManifest } from "./package-format.ts";

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  const s =
    typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = escapeHtml;

/** An ISO time as "2025-01-02 03:04:05 UTC". */
function utc(value: unknown): string {
  if (typeof value !== "string" || !value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return e(value);
  return `${d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "")} UTC`;
}

/** A heading or label in both languages. */
const bi = (ja: string, en: string) =>
  `<span lang="ja">${ja}</span> <span class="en" lang="en">${en}</span>`;

interface Rule {
  label: [string, string];
  what: [string, string];
  basis: [string, string];
}

// One explanation per RSIT type family. The legal references are Japanese law as the
// provider reads it, plus its terms; they say why the provider acts, not what a court decides.
const RULES: Record<string, Rule> = {
  phishing: {
    label: ["フィッシング", "Phishing"],
    what: [
      "実在する企業やサービスになりすまし、ID・パスワードやクレジットカード情報などを入力させて盗み取ろうとするものです。",
      "It impersonates a real company or service to make people enter their credentials or card data, which are then stolen.",
    ],
    basis: [
      "不正アクセス行為の禁止等に関する法律（不正アクセス禁止法）第7条（識別符号の入力を不正に要求する行為＝フィッシング行為の禁止）、商標等の無断使用、利用規約の禁止事項",
      "Act on the Prohibition of Unauthorized Computer Access, Article 7 (unlawfully asking for the input of identification codes: phishing); unauthorised use of trademarks; the terms of service",
    ],
  },
  "malware-distribution": {
    label: ["マルウェア配布", "Malware distribution"],
    what: [
      "閲覧者の端末にマルウェア（不正プログラム）を配布し、感染させようとするものです。",
      "It serves malicious software to the devices of people who visit it.",
    ],
    basis: [
      "刑法第168条の2・第168条の3（不正指令電磁的記録に関する罪）、利用規約の禁止事項",
      "Penal Code Articles 168-2 and 168-3 (crimes concerning electromagnetic records of unauthorised commands, i.e. malware); the terms of service",
    ],
  },
  "c2-server": {
    label: ["C2（指令）サーバ", "Command-and-control server"],
    what: [
      "マルウェアに感染した端末群（ボットネット）に指令を送り、操るためのサーバです。",
      "It sends commands to, and controls, devices infected with malware (a botnet).",
    ],
    basis: [
      "刑法第168条の2（不正指令電磁的記録供用）、第234条の2（電子計算機損壊等業務妨害）、利用規約の禁止事項",
      "Penal Code Article 168-2 (putting malware into use) and Article 234-2 (obstruction of business by damaging computers); the terms of service",
    ],
  },
  spam: {
    label: ["迷惑メール（スパム）", "Spam"],
    what: [
      "受信者の同意なく、広告・宣伝などのメールを大量に送信しているものです。",
      "It sends bulk e-mail, such as advertising, to people who did not agree to receive it.",
    ],
    basis: [
      "特定電子メールの送信の適正化等に関する法律（特定電子メール法）第3条（同意のない送信の禁止）・第4条（表示義務）、利用規約の禁止事項",
      "Act on Regulation of Transmission of Specified Electronic Mail, Article 3 (no sending without consent) and Article 4 (sender disclosure); the terms of service",
    ],
  },
  scanner: {
    label: ["ポートスキャン・探索", "Scanning"],
    what: [
      "他者のネットワーク上の機器を無断で探索し、開いているサービスや脆弱性を調べているものです。",
      "It probes other people's hosts without permission, looking for open services and weaknesses.",
    ],
    basis: [
      "利用規約の禁止事項（他者のネットワーク・機器への無断の探索・攻撃）",
      "The terms of service (no unauthorised probing of, or attacks on, others' networks and hosts)",
    ],
  },
  "brute-force": {
    label: ["ログイン試行（総当たり攻撃）", "Brute force"],
    what: [
      "他者のシステムへのログインを狙い、パスワードを大量に試しているものです。",
      "It tries many passwords to log in to other people's systems.",
    ],
    basis: [
      "不正アクセス禁止法第3条（不正アクセス行為の禁止）に向けた行為、利用規約の禁止事項",
      "Acts aimed at unauthorised access (Act on the Prohibition of Unauthorized Computer Access, Article 3); the terms of service",
    ],
  },
  defacement: {
    label: ["改ざん", "Defacement"],
    what: [
      "ウェブサイトなどの内容が、権限のない者によって書き換えられたものです。",
      "The content of a site was changed by someone with no right to change it.",
    ],
    basis: [
      "不正アクセス禁止法第3条、刑法第234条の2（電子計算機損壊等業務妨害）",
      "Act on the Prohibition of Unauthorized Computer Access, Article 3; Penal Code Article 234-2",
    ],
  },
  compromised: {
    label: ["侵害・感染", "Compromised system"],
    what: [
      "機器やアプリケーションが第三者に侵害され、不正に使われているとみられるものです。",
      "The system or application appears to be compromised and used by a third party.",
    ],
    basis: [
      "利用規約（契約者による適切な管理・セキュリティ対策の義務、第三者への被害の防止）",
      "The terms of service (the customer's duty to keep its systems secure and to prevent harm to others)",
    ],
  },
  default: {
    label: ["不正利用", "Abuse"],
    what: [
      "当社サービスの不正利用として報告・確認されたものです。内容は下記の証拠のとおりです。",
      "It was reported, and observed, as abuse of the provider's services; the evidence below shows what was seen.",
    ],
    basis: ["利用規約の禁止事項", "The terms of service (prohibited uses)"],
  },
};

const FAMILY: Record<string, string> = {
  phishing: "phishing",
  "malware-distribution": "malware-distribution",
  "malware-configuration": "malware-distribution",
  "c2-server": "c2-server",
  spam: "spam",
  scanner: "scanner",
  "brute-force": "brute-force",
  "unauthorised-information-modification": "defacement",
  "infected-system": "compromised",
  "system-compromise": "compromised",
  "application-compromise": "compromised",
};

/** The explanation for a classification type (its family's, or the general one). */
export function ruleFor(type: string): Rule {
  return RULES[FAMILY[type] ?? "default"] ?? (RULES.default as Rule);
}

const CAPTURE_KIND: Record<string, [string, string]> = {
  http: ["ウェブページの取得", "Web page fetch"],
  screenshot: ["画面写真", "Screenshot"],
  dns: ["DNS の応答", "DNS answers"],
  rdap_domain: ["ドメインの登録情報（RDAP）", "Domain registration (RDAP)"],
  rdap_ip: ["IP アドレスの割当情報（RDAP）", "IP network registration (RDAP)"],
  attachment: ["報告者が添付した資料", "Material attached by the reporter"],
};

const WITHHELD_WHAT: Record<string, [string, string]> = {
  reporter_identity: ["報告者の身元", "Reporter identity"],
  event: ["イベント", "Event"],
  event_fields: ["イベントの一部項目", "Event fields"],
  capture: ["取得記録", "Capture"],
  ledger_entry: ["台帳エントリ", "Ledger entry"],
  timeline: ["経過記録", "Timeline"],
  case_fields: ["ケースの内部項目", "Internal case fields"],
};

// Loose readers for capture records: a record that does not fit is shown with less detail.
const str = z.string().optional().catch(undefined);
const num = z.number().optional().catch(undefined);
const strs = z.array(z.string()).catch([]);
const Contact = z.looseObject({ email: str, phone: str, name: str });
const HttpRecord = z.looseObject({
  outcome: str,
  reason: str,
  url: str,
  hops: z
    .array(
      z.looseObject({
        url: str,
        at: str,
        status: num,
        location: str,
        error: str,
        addresses: strs,
        remote: z.looseObject({ ip: str, port: num }).optional().catch(undefined),
        tls: z
          .looseObject({
            subject: str,
            issuer: str,
            subject_alt_name: str,
            valid_from: str,
            valid_to: str,
            fingerprint256: str,
            authorized: z.boolean().optional().catch(undefined),
            authorization_error: str,
          })
          .optional()
          .catch(undefined),
      }),
    )
    .catch([]),
  final: z
    .looseObject({ url: str, status: num, content_type: str, size: num, sha256: str })
    .optional()
    .catch(undefined),
});
const DnsRecord = z.looseObject({
  resolver: str,
  at: str,
  records: z.array(z.looseObject({ name: str, type: str, values: strs, error: str })).catch([]),
});
const RdapRecord = z.looseObject({
  ok: z.boolean().optional().catch(undefined),
  error: str,
  fetched_at: str,
  data: z
    .looseObject({
      url: str,
      query: str,
      registrar: str,
      status: strs,
      nameservers: strs,
      events: z.array(z.looseObject({ action: str, date: str })).catch([]),
      name: str,
      handle: str,
      start: str,
      end: str,
      cidr: strs,
      country: str,
      abuse_contacts: z.array(Contact).catch([]),
    })
    .optional()
    .catch(undefined),
});
const AttachmentRecord = z.looseObject({
  kind: str,
  media_type: str,
  description: str,
  filename: str,
  sha256: str,
  stored: z.boolean().optional().catch(undefined),
});

const row = (label: string, value: string) => `<tr><th>${label}</th><td>${value}</td></tr>`;
const code = (v: unknown) => `<code>${e(v)}</code>`;
const list = (items: string[]) =>
  items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : "—";

function contacts(cs: z.infer<typeof Contact>[]): string {
  return list(cs.map((c) => [c.name, c.email, c.phone].filter(Boolean).map(e).join(", ")));
}

function captureDetail(kind: string, result: unknown): string {
  if (kind === "http") {
    const r = HttpRecord.safeParse(result).data;
    if (!r) return "";
    const hops = r.hops.map(
      (h, i) =>
        `<tr><td>${i + 1}</td><td>${code(h.url)}</td><td>${e(h.status ?? "")}</td><td>${e(h.remote?.ip ?? h.addresses.join(", "))}</td><td>${h.location ? code(h.location) : ""}${h.error ? ` ${e(h.error)}` : ""}</td><td>${utc(h.at)}</td></tr>`,
    );
    const certs = r.hops.flatMap((h) =>
      h.tls
        ? [
            `<tr><td>${code(h.url)}</td><td>${e(h.tls.subject)}</td><td>${e(h.tls.issuer)}</td><td>${e(h.tls.subject_alt_name)}</td><td>${e(h.tls.valid_from)} – ${e(h.tls.valid_to)}</td><td>${h.tls.authorized ? bi("有効", "trusted") : e(h.tls.authorization_error ?? "not trusted")}</td></tr>`,
          ]
        : [],
    );
    return `<table>
${row(bi("結果", "Outcome"), `${e(r.outcome)}${r.reason ? ` — ${e(r.reason)}` : ""}`)}
${row(bi("HTTP ステータス", "HTTP status"), e(r.final?.status ?? "—"))}
${row(bi("最終 URL", "Final URL"), r.final?.url ? code(r.final.url) : "—")}
${row(bi("種類・大きさ", "Type and size"), `${e(r.final?.content_type ?? "—")}, ${e(r.final?.size ?? "—")} bytes`)}
</table>
${
  hops.length
    ? `<h4>${bi("リダイレクトの経路", "Redirect hops")}</h4><table><tr><th>#</th><th>URL</th><th>${bi("応答", "Status")}</th><th>IP</th><th>${bi("転送先", "Location")}</th><th>${bi("時刻", "Time")}</th></tr>${hops.join("")}</table>`
    : ""
}
${
  certs.length
    ? `<h4>${bi("サーバ証明書", "Certificates")}</h4><table><tr><th>URL</th><th>${bi("主体者", "Subject")}</th><th>${bi("発行者", "Issuer")}</th><th>SAN</th><th>${bi("有効期間", "Validity")}</th><th>${bi("検証", "Verified")}</th></tr>${certs.join("")}</table>`
    : ""
}`;
  }
  if (kind === "dns") {
    const r = DnsRecord.safeParse(result).data;
    if (!r) return "";
    return `<p>${bi("問い合わせ先", "Resolver")}: ${e(r.resolver)} · ${utc(r.at)}</p><table><tr><th>${bi("名前", "Name")}</th><th>${bi("種類", "Type")}</th><th>${bi("応答", "Answer")}</th></tr>${r.records
      .map(
        (s) =>
          `<tr><td>${code(s.name)}</td><td>${e(s.type)}</td><td>${s.values.length ? s.values.map(code).join("<br>") : e(s.error ?? "—")}</td></tr>`,
      )
      .join("")}</table>`;
  }
  if (kind === "rdap_domain" || kind === "rdap_ip") {
    const r = RdapRecord.safeParse(result).data;
    if (!r) return "";
    if (!r.data) return `<p>${bi("取得できず", "Not obtained")}: ${e(r.error)}</p>`;
    const d = r.data;
    const rows =
      kind === "rdap_domain"
        ? [
            row(bi("ドメイン", "Domain"), code(d.query)),
            row(bi("レジストラ", "Registrar"), e(d.registrar ?? "—")),
            row(bi("状態", "Status"), e(d.status.join(", ") || "—")),
            row(bi("ネームサーバ", "Name servers"), list(d.nameservers.map(code))),
            row(
              bi("登録履歴", "Events"),
              list(d.events.map((x) => `${e(x.action)}: ${utc(x.date)}`)),
            ),
          ]
        : [
            row(bi("アドレス", "Address"), code(d.query)),
            row(bi("ネットワーク", "Network"), `${e(d.name ?? "—")} (${e(d.handle ?? "")})`),
            row(bi("範囲", "Range"), e(d.cidr.join(", ") || `${d.start ?? "?"} – ${d.end ?? "?"}`)),
            row(bi("国", "Country"), e(d.country ?? "—")),
          ];
    return `<table>${rows.join("")}${row(bi("不正利用窓口", "Abuse contact"), contacts(d.abuse_contacts))}${row(bi("出典", "Source"), `${code(d.url)} · ${utc(r.fetched_at)}`)}</table>`;
  }
  if (kind === "attachment") {
    const r = AttachmentRecord.safeParse(result).data;
    if (!r) return "";
    return `<table>${row(bi("種類", "Kind"), e(r.kind))}${row(bi("形式", "Media type"), e(r.media_type))}${row(bi("説明", "Description"), e(r.description ?? "—"))}${row(bi("ファイル名", "File name"), e(r.filename ?? "—"))}${row(bi("保存", "Stored"), r.stored ? bi("あり", "yes") : bi("ハッシュ値のみ", "hash only"))}</table>`;
  }
  return "";
}

function eventResources(m: PackageManifest): { urls: string[]; hosts: string[]; ips: string[] } {
  const urls = new Set<string>();
  const hosts = new Set<string>();
  const ips = new Set<string>();
  const add = (set: Set<string>, v: unknown) => {
    if (typeof v === "string" && v) set.add(v);
  };
  for (const ev of m.events) {
    add(urls, ev.data["source.url"]);
    add(urls, ev.data["destination.url"]);
    add(hosts, ev.data["source.fqdn"]);
    add(ips, ev.data["source.ip"]);
    add(ips, ev.data["source.network"]);
    const r = ev.resolution as Record<string, unknown> | null | undefined;
    if (r && typeof r === "object") {
      add(hosts, r.host);
      add(ips, r.ip);
      const dns = r.dns as { addresses?: unknown } | undefined;
      if (dns && Array.isArray(dns.addresses)) for (const a of dns.addresses) add(ips, a);
    }
  }
  return { urls: [...urls], hosts: [...hosts], ips: [...ips] };
}

const STYLE = `body{font-family:system-ui,"Hiragino Sans","Noto Sans JP","Yu Gothic",sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:2px solid #333;margin-top:2rem}h3{font-size:1.05rem}h4{font-size:.95rem}
.en{color:#444}.en::before{content:"/ "}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600;width:14rem}code{word-break:break-all;font-size:.85em}
.note{background:#fff8e0;border:1px solid #e0c060;padding:.5rem 1rem}.capture{border-left:4px solid #888;padding-left:1rem;margin:1rem 0}`;

/** summary.html for a manifest; `results` are the kept captures' records, by capture id. */
export function renderSummary(m: PackageManifest, results: ReadonlyMap<number, unknown>): string {
  const c = m.case;
  const rule = ruleFor(c.type);
  const internal = m.audience === "internal";
  const res = eventResources(m);
  const blobRole = new Map(m.blobs.map((b) => [b.sha256, b]));
  const missing = new Map(m.missing_blobs.map((b) => [b.sha256, b]));
  const shaLine = (sha: string) => {
    const b = blobRole.get(sha);
    const gone = missing.get(sha);
    return `${code(sha)} ${b ? `(${e(b.role)}, ${e(b.size)} bytes)` : gone ? `(${bi("欠落", "missing")}: ${e(gone.reason)})` : `(${bi("非開示", "withheld")})`}`;
  };

  const owner = internal
    ? [
        row(bi("帰属", "Ownership"), e(c.ownership)),
        row(bi("サービス", "Service"), `${e(c.service_id ?? "—")} (${e(c.service_type ?? "—")})`),
        row(bi("契約者", "Customer"), e(c.customer_id ?? "—")),
        row(bi("担当チーム", "Team"), e(c.team_id ?? "—")),
      ]
    : [row(bi("サービス", "Service"), `${e(c.service_id ?? "—")} (${e(c.service_type ?? "—")})`)];

  const captures = m.captures.map((cap) => {
    const kind = CAPTURE_KIND[cap.kind] ?? [e(cap.kind), e(cap.kind)];
    return `<div class="capture"><h3>#${e(cap.id)} ${bi(kind[0], kind[1])}</h3>
<table>
${row(bi("対象", "Target"), code(cap.target))}
${row(bi("状態", "Status"), `${e(cap.status)}${cap.summary ? ` — ${e(cap.summary)}` : ""}`)}
${row(bi("取得日時", "Captured"), `${utc(cap.created_at)} → ${utc(cap.finished_at)}`)}
${row(bi("台帳番号", "Ledger entry"), e(cap.ledger_seq ?? "—"))}
${row(bi("ファイル", "Files"), list(cap.blobs.map(shaLine)))}
</table>
${captureDetail(cap.kind, results.get(cap.id))}</div>`;
  });

  const actions = m.timeline
    .filter((t) => t.kind === "action")
    .map(
      (t) =>
        `<tr><td>${utc(t.at)}</td><td>${e(t.detail.action)}</td><td>${e(t.detail.legal_basis)}</td><td>${e(t.detail.reason ?? "")}</td><td>${e(t.actor)}</td></tr>`,
    );

  const events = m.events.map(
    (ev) =>
      `<tr><td>${e(ev.id)}</td><td>${e(ev.type)}</td><td>${code(ev.data["source.url"] ?? ev.data["source.fqdn"] ?? ev.data["source.ip"] ?? "")}</td><td>${utc(ev.first_seen)}<br>${utc(ev.last_seen)}</td><td>${e(ev.seen_count)}</td><td>${e(ev.data.tlp ?? "")}</td></tr>`,
  );

  const reporters = m.reports.map((r) => {
    const who = r.reporter
      ? [r.reporter.name, r.reporter.org, r.reporter.email, r.reporter.from]
          .filter(Boolean)
          .map(e)
          .join(", ") || "—"
      : bi("非開示", "withheld");
    return `<tr><td>${e(r.tracking_number)}</td><td>${utc(r.received_at)}</td><td>${e(r.channel)}</td><td>${who}</td><td>${e(r.tlp ?? "—")}</td><td>${r.consent_to_forward ? bi("あり", "yes") : bi("なし", "no")}</td></tr>`;
  });

  const withheld = m.withheld.map((w) => {
    const what = WITHHELD_WHAT[w.what] ?? [e(w.what), e(w.what)];
    return `<li>${bi(what[0], what[1])}: ${e(w.ref)}${w.fields ? ` (${w.fields.map(e).join(", ")})` : ""} — ${e(w.reason)}</li>`;
  });

  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>証拠パッケージ / Evidence package — case ${e(c.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${bi("証拠パッケージ", "Evidence package")} — ${bi("ケース", "case")} ${e(c.id)}</h1>
<table>
${row(bi("作成日時", "Generated"), utc(m.generated_at))}
${row(bi("提供先", "Audience"), internal ? bi("内部用（全情報）", "internal (complete)") : bi("契約者向け（一部非開示）", "for the customer (parts withheld)"))}
${row(bi("形式", "Format"), e(m.format))}
</table>
<p class="note"><span lang="ja">このページは manifest.json から作成した閲覧用の要約です。署名されているのは台帳（ledger）と各ファイル（blobs/）であり、内容を信頼する前に末尾の方法で検証してください。</span><br><span lang="en">This page is a reading aid made from manifest.json. What is signed is the ledger and the files under blobs/; verify them as described at the end before relying on anything here.</span></p>

<h2>${bi("1. 確認された内容", "1. What was seen")}</h2>
<table>
${row(bi("種別", "Type"), `${bi(rule.label[0], rule.label[1])} (${code(c.type)}, ${e(c.taxonomy)})`)}
${row(bi("対象", "Resource"), code(c.resource))}
${row("URL", list(res.urls.map(code)))}
${row(bi("件数", "Events"), `${e(c.event_count)}${m.events.length === c.event_count ? "" : ` (${bi(`うち ${m.events.length} 件を収録`, `${m.events.length} in this package`)})`}`)}
</table>
${events.length ? `<table><tr><th>#</th><th>${bi("種別", "Type")}</th><th>${bi("対象", "Resource")}</th><th>${bi("初回・最終観測", "First / last seen")}</th><th>${bi("回数", "Count")}</th><th>TLP</th></tr>${events.join("")}</table>` : ""}

<h2>${bi("2. 日時", "2. When")}</h2>
<table>
${row(bi("初回観測", "First seen"), utc(c.first_event_at))}
${row(bi("最終観測", "Last seen"), utc(c.last_event_at))}
${row(bi("ケース作成", "Case opened"), utc(c.created_at))}
${row(bi("証拠取得", "Captures"), list(m.captures.map((cap) => `#${e(cap.id)} ${e(cap.kind)}: ${utc(cap.finished_at ?? cap.created_at)}`)))}
</table>

<h2>${bi("3. 場所", "3. Where")}</h2>
<table>
${owner.join("\n")}
${row(bi("ホスト名", "Hosts"), list(res.hosts.map(code)))}
${row(bi("IP アドレス", "IP addresses"), list(res.ips.map(code)))}
</table>

<h2>${bi("4. 取得した証拠", "4. What the captures show")}</h2>
${captures.join("\n") || `<p>${bi("取得記録はありません。", "No captures.")}</p>`}

<h2>${bi("5. 違反の内容と根拠", "5. Why it breaks which rule")}</h2>
<p lang="ja">${e(rule.what[0])}</p>
<p lang="en">${e(rule.what[1])}</p>
<table>${row(bi("根拠", "Basis"), `<span lang="ja">${e(rule.basis[0])}</span><br><span lang="en">${e(rule.basis[1])}</span>`)}</table>
<p><span lang="ja">分類と根拠は当社の判断であり、法的判断を確定するものではありません。</span> <span class="en" lang="en">The classification and the rules cited are the provider's assessment, not a legal ruling.</span></p>
<h3>${bi("実施した措置", "Actions taken")}</h3>
${actions.length ? `<table><tr><th>${bi("日時", "Time")}</th><th>${bi("措置", "Action")}</th><th>${bi("法令・規約上の根拠", "Legal basis / terms clause")}</th><th>${bi("理由", "Reason")}</th><th>${bi("実施者", "By")}</th></tr>${actions.join("")}</table>` : `<p>${bi("記録された措置はありません。", "No action recorded.")}</p>`}

<h2>${bi("6. ファイルと SHA-256", "6. Files and their SHA-256")}</h2>
<table><tr><th>SHA-256</th><th>${bi("役割", "Role")}</th><th>${bi("形式", "Media type")}</th><th>${bi("大きさ", "Size")}</th></tr>
${m.blobs.map((b) => `<tr><td>${code(b.sha256)}</td><td>${e(b.role)}</td><td>${e(b.media_type ?? "—")}</td><td>${e(b.size)}</td></tr>`).join("\n")}
</table>
${m.missing_blobs.length ? `<h3>${bi("含まれていないファイル", "Files not included")}</h3>${list(m.missing_blobs.map((b) => `${code(b.sha256)} — ${e(b.reason)}${b.ledger_seq ? ` (${bi("台帳", "ledger")} ${e(b.ledger_seq)})` : ""}`))}` : ""}

<h2>${bi("7. 報告", "7. Reports")}</h2>
${reporters.length ? `<table><tr><th>${bi("受付番号", "Tracking number")}</th><th>${bi("受付日時", "Received")}</th><th>${bi("経路", "Channel")}</th><th>${bi("報告者", "Reporter")}</th><th>TLP</th><th>${bi("転送への同意", "Consent to forward")}</th></tr>${reporters.join("")}</table>` : "—"}

<h2>${bi("8. 非開示とした情報", "8. What was withheld")}</h2>
${withheld.length ? `<ul>${withheld.join("")}</ul>` : `<p>${bi("なし（内部用の完全版）", "Nothing (the complete internal copy).")}</p>`}

<h2>${bi("9. 検証の方法", "9. How to verify")}</h2>
<ol>
<li><span lang="ja">blobs/ の各ファイルの SHA-256 がファイル名と一致すること。</span><br><span lang="en">Each file under blobs/ hashes (SHA-256) to its own name.</span></li>
<li><span lang="ja">manifest.json の ledger の各エントリについて、hash と signature を除いた全項目の正規化 JSON（キーを辞書順、空白なし）の SHA-256 が hash と一致すること。</span><br><span lang="en">For each ledger entry in manifest.json, the SHA-256 of the canonical JSON (keys sorted, no whitespace) of every field but hash and signature equals its hash.</span></li>
<li><span lang="ja">signature（base64）が、hash の 32 バイトに対する public-keys/&lt;key_id&gt;.pem の Ed25519 署名として検証できること。連続する番号のエントリは prev_hash で前のエントリの hash につながること。</span><br><span lang="en">The signature (base64) verifies as the Ed25519 signature of the 32 bytes of the hash under public-keys/&lt;key_id&gt;.pem; entries with consecutive numbers link through prev_hash.</span></li>
<li><span lang="ja">鍵 ID（公開鍵 DER の SHA-256 の先頭 16 桁）を、事業者が公開している鍵 ID と照合すること。</span><br><span lang="en">Compare the key id (first 16 hex digits of the SHA-256 of the key's DER) with the one the provider publishes.</span>
${list(m.public_keys.map((k) => code(k.key_id)))}</li>
</ol>
</body>
</html>
`;
}
