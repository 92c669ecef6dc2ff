/**
 * The mail a takedown request is, in the recipient's language. Written for a person at
 * another provider's abuse desk who owes us nothing: who we are, what we saw and when, what
 * we ask, by when, and how to answer so the answer reaches the case.
 */

export interface RequestFacts {
  language: "ja" | "en";
  provider: string;
  fromAddress: string;
  recipientName?: string;
  role: string;
  typeLabel: string;
  resources: string[];
  addresses: string[];
  firstSeen: string;
  lastSeen: string;
  evidence: { kind: string; sha256: string; at: string }[];
  deadline: string | null;
  caseId: number;
  requestId: number;
  xarfAttached: boolean;
  packageAttached: boolean;
  /** Earlier requests this one follows (an escalation), oldest first. */
  history: { to: string; sentAt: string | null; state: string }[];
}

const ROLE_JA: Record<string, string> = {
  host: "ホスティング事業者",
  registrar: "レジストラ",
  registry: "レジストリ",
  dns: "DNS 事業者",
  platform: "サービス運営者",
  cert: "CSIRT",
};

const ROLE_EN: Record<string, string> = {
  host: "hosting provider",
  registrar: "registrar",
  registry: "registry",
  dns: "DNS provider",
  platform: "platform operator",
  cert: "CSIRT",
};

const STATE_JA: Record<string, string> = {
  sent: "回答待ち",
  acknowledged: "受付済み",
  acted: "対応済み",
  resource_down: "停止確認",
  refused: "対応不可との回答",
  unanswered: "回答なし",
  escalated: "エスカレーション",
  closed: "終了",
};

/** 2026-12-08T03:04:05.000Z → "2026-12-08 03:04 UTC". */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The subject: what and where, with the reference the desk threads replies by. */
export function requestSubject(f: RequestFacts): string {
  const where = f.resources[0] ?? "";
  const more =
    f.resources.length > 1
      ? f.language === "ja"
        ? ` ほか${f.resources.length - 1}件`
        : ` and ${f.resources.length - 1} more`
      : "";
  const ref = `[TD-${f.caseId}-${f.requestId}]`;
  return f.language === "ja"
    ? `【対応のお願い】${f.typeLabel}の停止について: ${hostOf(where)}${more} ${ref}`
    : `Takedown request: ${f.typeLabel} at ${hostOf(where)}${more} ${ref}`;
}

function hostOf(resource: string): string {
  try {
    return new URL(resource).host;
  } catch {
    return resource;
  }
}

/** The body of the request. */
export function requestBody(f: RequestFacts): string {
  return f.language === "ja" ? bodyJa(f) : bodyEn(f);
}

function bodyJa(f: RequestFacts): string {
  const lines = [
    `${f.recipientName ? `${f.recipientName} ` : ""}${ROLE_JA[f.role] ?? ""} 不正利用対応ご担当者様`,
    "",
    `突然のご連絡にて失礼いたします。${f.provider}です。`,
    `貴社のサービスで提供されている下記のリソースにおいて、${f.typeLabel}を確認いたしました。`,
    "貴社の利用規約等に照らしてご確認のうえ、コンテンツの停止など必要な措置をご検討いただけますよう",
    "お願い申し上げます。",
    "",
    "■ 対象",
    ...f.resources.map((r) => `  ${r}`),
    ...(f.addresses.length > 0 ? [`  (IP アドレス: ${f.addresses.join(", ")})`] : []),
    "",
    "■ 確認日時",
    `  初回確認: ${utc(f.firstSeen)}`,
    `  最終確認: ${utc(f.lastSeen)}`,
    "",
  ];
  if (f.evidence.length > 0) {
    lines.push("■ 当方で取得した記録 (SHA-256)");
    for (const e of f.evidence) lines.push(`  ${e.kind} ${utc(e.at)} ${e.sha256}`);
    lines.push("");
  }
  if (f.history.length > 0) {
    lines.push("■ これまでの経緯");
    for (const h of f.history) {
      lines.push(
        `  ${h.sentAt ? utc(h.sentAt) : "未送信"} ${h.to} へ依頼 (${STATE_JA[h.state] ?? h.state})`,
      );
    }
    lines.push("");
  }
  lines.push("■ お願い");
  if (f.deadline)
    lines.push(`  ${utc(f.deadline)} までに、ご対応の状況をお知らせいただけますと幸いです。`);
  lines.push(
    "  この種の不正サイトは短期間で移転・再出現することが多く、早期の停止が被害の防止につながります。",
    "  ご判断に追加の資料が必要な場合は、本メールにご返信ください。",
    "",
  );
  const attached = [
    ...(f.xarfAttached ? ["機械可読形式の報告 (XARF v4, JSON)"] : []),
    ...(f.packageAttached
      ? ["署名付きの証拠パッケージ (mogura evidence verify-package で検証できます)"]
      : []),
  ];
  if (attached.length > 0) lines.push(`添付: ${attached.join("、")}`, "");
  lines.push(
    "本メールにそのままご返信いただくと、本件の記録に自動で紐付けられます。",
    "件名の [TD-…] の部分は変更せずにご返信ください。",
    "",
    "--",
    f.provider,
    f.fromAddress,
  );
  return `${lines.join("\n")}\n`;
}

function bodyEn(f: RequestFacts): string {
  const lines = [
    `Dear ${f.recipientName ? `${f.recipientName} ` : ""}abuse team (${ROLE_EN[f.role] ?? f.role}),`,
    "",
    `This is ${f.provider}. We have found abuse on the resources below, which are served through`,
    `your service: ${f.typeLabel.toLowerCase()}. We kindly ask you to review them under your terms`,
    "of service and take them down, or take the action you see fit.",
    "",
    "Resources:",
    ...f.resources.map((r) => `  ${r}`),
    ...(f.addresses.length > 0 ? [`  (IP addresses: ${f.addresses.join(", ")})`] : []),
    "",
    `First seen: ${utc(f.firstSeen)}`,
    `Last seen:  ${utc(f.lastSeen)}`,
    "",
  ];
  if (f.evidence.length > 0) {
    lines.push("What we recorded (SHA-256):");
    for (const e of f.evidence) lines.push(`  ${e.kind} ${utc(e.at)} ${e.sha256}`);
    lines.push("");
  }
  if (f.history.length > 0) {
    lines.push("What happened so far:");
    for (const h of f.history) {
      lines.push(
        `  ${h.sentAt ? utc(h.sentAt) : "not sent"} asked ${h.to} (${h.state.replace("_", " ")})`,
      );
    }
    lines.push("");
  }
  if (f.deadline) lines.push(`Please let us know what you have done by ${utc(f.deadline)}.`);
  lines.push(
    "Sites like this tend to move or reappear within days; taking them down early is what protects",
    "their victims. If you need more material to decide, please reply to this mail.",
    "",
  );
  const attached = [
    ...(f.xarfAttached ? ["a machine-readable report (XARF v4, JSON)"] : []),
    ...(f.packageAttached
      ? ["a signed evidence package (verify with `mogura evidence verify-package`)"]
      : []),
  ];
  if (attached.length > 0) lines.push(`Attached: ${attached.join("; ")}.`, "");
  lines.push(
    "A reply to this mail is filed with our case automatically; please keep the [TD-…] reference",
    "in the subject.",
    "",
    "--",
    f.provider,
    f.fromAddress,
  );
  return `${lines.join("\n")}\n`;
}
