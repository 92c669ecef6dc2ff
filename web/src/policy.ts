// What the UI knows of the case policy. The server decides (allowed_actions, 409 on a move it
// refuses); these copies only let the UI show every action, and why one is not possible here.
import type { Language } from "./i18n.ts";
import type { CaseState, MisuseType, Ownership } from "./types.ts";

/** The moves of the state machine (src/domain/case.ts TRANSITIONS). */
export const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  new: ["acknowledged", "waiting_customer", "action_taken", "resolved", "rejected"],
  acknowledged: ["waiting_customer", "action_taken", "resolved", "rejected"],
  waiting_customer: ["acknowledged", "action_taken", "resolved", "rejected"],
  action_taken: ["waiting_customer", "resolved", "rejected", "acknowledged"],
  resolved: ["closed", "acknowledged"],
  closed: ["acknowledged"],
  rejected: ["acknowledged"],
};

export const STATES: readonly CaseState[] = [
  "new",
  "acknowledged",
  "waiting_customer",
  "action_taken",
  "resolved",
  "closed",
  "rejected",
];

/** Every state, as the queue's `state` filter writes it. */
export const ALL_STATES = STATES.join(",");

export const MISUSE_TYPES: readonly MisuseType[] = [
  "undetermined",
  "fraudulent_contract",
  "compromised_customer",
  "downstream_reseller",
  "grey_use",
];

/** The default policy's action catalog (src/cases/default-policy.yaml), in its order. */
export const ACTION_CATALOG: readonly {
  action: string;
  label_en: string;
  label_ja: string;
  requires_reason?: boolean;
}[] = [
  { action: "inspect_logs", label_en: "Inspect server logs", label_ja: "ログ調査" },
  {
    action: "inspect_files",
    label_en: "Inspect files",
    label_ja: "個別ファイルの内容確認",
    requires_reason: true,
  },
  { action: "block_url", label_en: "Block a URL", label_ja: "個別URLの送信防止措置" },
  { action: "stop_program", label_en: "Stop a program", label_ja: "プログラムの停止" },
  { action: "firewall_rule", label_en: "Firewall rule", label_ja: "ファイアウォール等の設定" },
  { action: "suspend_site", label_en: "Suspend the site", label_ja: "サイトの停止" },
  { action: "notify_customer", label_en: "Notify the customer", label_ja: "契約者への通知" },
  { action: "network_filter", label_en: "Network filter", label_ja: "通信の遮断（フィルタ）" },
  { action: "null_route", label_en: "Null-route", label_ja: "経路の停止（ヌルルート）" },
  { action: "suspend_service", label_en: "Suspend the service", label_ja: "サービスの停止" },
  { action: "terminate_contract", label_en: "Terminate the contract", label_ja: "契約の解除" },
  {
    action: "takedown_request",
    label_en: "Ask the responsible party to take it down",
    label_ja: "削除依頼",
  },
];

const ROOT_TYPES = ["vps", "dedicated", "cloud", "colocation"];

const SERVICE_JA: Record<string, string> = {
  vps: "VPS",
  dedicated: "専用サーバ",
  cloud: "クラウド",
  colocation: "コロケーション",
  shared: "共用サーバ",
  reseller: "再販サービス",
};

/**
 * Why an action the policy does not allow here is not possible, in the UI language. Mirrors
 * the server's wording (src/cases/case-service.ts) and adds the Japanese.
 */
export function disallowedReason(
  action: string,
  ownership: Ownership,
  serviceType: string | null,
  lang: Language,
): string {
  const ja = lang === "ja";
  if (ownership === "not_ours") {
    return ja
      ? "当社の設備ではない: 管理者（ホスティング事業者・レジストラ）への削除依頼のみ可能"
      : "this is not ours: the provider can only ask whoever holds it";
  }
  if (action === "takedown_request") {
    return ja
      ? "当社の設備: 他者への依頼ではなく、自社で対応する"
      : "this is ours: the provider acts itself instead of asking others";
  }
  if (ownership === "platform") {
    return ja
      ? "共用基盤上の契約者が不明: まずサイト（契約）を特定する"
      : "the customer on this shared platform is unknown: find the site first";
  }
  const target = serviceType ?? "unknown";
  if (ROOT_TYPES.includes(target)) {
    return ja
      ? `${SERVICE_JA[target] ?? target}では契約者が管理者権限（root）を持つ: 事業者はネットワークまたは契約で対応する`
      : `on a ${target} the customer is root: the provider acts on the network or the contract`;
  }
  return ja
    ? `${SERVICE_JA[target] ?? target}ではポリシー上この対応は認められていない`
    : `the policy does not allow it on ${target}`;
}
