import type { GroupTarget } from "./policy.ts";

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
 * Why the policy does not allow an action on a case of this target (its service type, or
 * platform / not ours), in English and Japanese: what the provider can reach decides.
 */
export function disallowedReason(action: string, target: GroupTarget): { en: string; ja: string } {
  if (target === "not_ours") {
    return {
      en: "this is not ours: the provider can only ask whoever holds it",
      ja: "当社の設備ではない: 管理者（ホスティング事業者・レジストラ）への削除依頼のみ可能",
    };
  }
  if (action === "takedown_request") {
    return {
      en: "this is ours: the provider acts itself instead of asking others",
      ja: "当社の設備: 他者への依頼ではなく、自社で対応する",
    };
  }
  if (target === "platform") {
    return {
      en: "the customer on this shared platform is unknown: find the site first",
      ja: "共用基盤上の契約者が不明: まずサイト（契約）を特定する",
    };
  }
  if (ROOT_TYPES.includes(target)) {
    return {
      en: `on a ${target} the customer is root: the provider acts on the network or the contract`,
      ja: `${SERVICE_JA[target] ?? target}では契約者が管理者権限（root）を持つ: 事業者はネットワークまたは契約で対応する`,
    };
  }
  return {
    en: `the policy does not allow it on ${target}`,
    ja: `${SERVICE_JA[target] ?? target}ではポリシー上この対応は認められていない`,
  };
}
