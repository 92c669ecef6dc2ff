import type { Resolution } from "../resolve/resolver.ts";
import type { CasePolicy } from "./policy.ts";

export interface Suggestion {
  misuse_type: string;
  reason_en: string;
  reason_ja: string;
}

const DAY = 86_400_000;

/** Every misuse rule that holds for an event of `type`, resolved as `r`, seen at `at`. */
export function suggestMisuse(
  policy: CasePolicy,
  type: string,
  r: Resolution,
  at: number,
): Suggestion[] {
  const age = r.service_valid_from === null ? null : (at - r.service_valid_from) / DAY;
  return policy.misuse_rules
    .filter(({ when: w }) => {
      if (w.type && !w.type.includes(type as never)) return false;
      if (w.service_type && !(r.service_type && w.service_type.includes(r.service_type)))
        return false;
      if (w.ownership && !w.ownership.includes(r.ownership)) return false;
      if (
        w.customer_verification &&
        !(r.customer_verification && w.customer_verification.includes(r.customer_verification))
      )
        return false;
      if (
        w.service_age_days_below !== undefined &&
        !(age !== null && age < w.service_age_days_below)
      )
        return false;
      if (
        w.service_age_days_at_least !== undefined &&
        !(age !== null && age >= w.service_age_days_at_least)
      )
        return false;
      return true;
    })
    .map((rule) => ({
      misuse_type: rule.suggest,
      reason_en: rule.reason_en,
      reason_ja: rule.reason_ja,
    }));
}
