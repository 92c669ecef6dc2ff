import type { Resolution } from "../resolve/resolver.ts";
import { registrableDomain } from "../resolve/resolver.ts";
import { type CasePolicy, type GroupField, type GroupTarget, groupRuleOf } from "./policy.ts";

/** What the grouping rules read from one event. */
export interface GroupInput {
  type: string;
  taxonomy: string;
  feed: string;
  resolution: Resolution;
}

/** The rule target of a resolved event: its service type, or platform / not_ours. */
export function targetOf(r: Pick<Resolution, "ownership" | "service_type">): GroupTarget {
  if (r.ownership === "customer") return r.service_type ?? "vps";
  return r.ownership;
}

const RESOURCE_FIELDS: GroupField[] = ["host", "ip", "registrable_domain", "resource"];

function value(field: GroupField, e: GroupInput): string {
  const r = e.resolution;
  const hostOrIp = r.host ?? r.ip ?? "-";
  switch (field) {
    case "service":
      return r.service_id ?? "-";
    case "customer":
      return r.customer_id ?? "-";
    case "team":
      return r.team_id ?? "-";
    case "netblock":
      return r.netblock_id === null ? "-" : String(r.netblock_id);
    case "type":
      return e.type;
    case "taxonomy":
      return e.taxonomy;
    case "host":
      return hostOrIp;
    case "ip":
      return r.ip ?? r.host ?? "-";
    case "registrable_domain":
    case "resource":
      return r.host ? registrableDomain(r.host) : (r.ip ?? "-");
    case "feed":
      return e.feed;
  }
}

/**
 * The case an event belongs to, as a key: the rule's fields and their values. Events with
 * the same key share one open case. Also returns what the case is about (its resource).
 */
export function groupKeyOf(policy: CasePolicy, e: GroupInput): { key: string; resource: string } {
  const target = targetOf(e.resolution);
  const fields = groupRuleOf(policy, e.type, target);
  const key = `${target}:${fields.map((f) => `${f}=${value(f, e)}`).join("|")}`;
  const resourceField = fields.find((f) => RESOURCE_FIELDS.includes(f));
  const resource = resourceField
    ? value(resourceField, e)
    : (e.resolution.host ?? e.resolution.ip ?? e.resolution.service_id ?? "-");
  return { key, resource };
}
