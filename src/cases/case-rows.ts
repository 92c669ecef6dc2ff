import type { CaseState, CaseSummary, TimelineEntry } from "../domain/case.ts";
import { iso, isoOrNull } from "../domain/time.ts";
import { breaches, nextDeadline, type SlaClock } from "./sla.ts";

/** A case as stored. */
export interface CaseRow {
  id: string | number;
  group_key: string;
  state: CaseState;
  classification_type: string;
  taxonomy: string;
  ownership: CaseSummary["ownership"];
  service_id: string | null;
  service_type: string | null;
  customer_id: string | null;
  team_id: string | null;
  netblock_id: string | number | null;
  resource: string;
  misuse_type: CaseSummary["misuse_type"];
  misuse_suggestions: CaseSummary["misuse_suggestions"];
  assignee: string | null;
  event_count: number;
  first_event_at: Date;
  last_event_at: Date;
  created_at: Date;
  updated_at: Date;
  first_action_due: Date | null;
  resolution_due: Date | null;
  first_action_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  paused_since: Date | null;
  paused_seconds: number;
  next_deadline: Date | null;
  reemerged: boolean;
  reemerged_count: number;
  merged_into: string | number | null;
}

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

/** The clock fields of a stored case, as dates. */
export function clockOf(r: CaseRow): SlaClock {
  return {
    state: r.state,
    first_action_due: date(r.first_action_due),
    resolution_due: date(r.resolution_due),
    first_action_at: date(r.first_action_at),
    resolved_at: date(r.resolved_at),
    paused_since: date(r.paused_since),
    paused_seconds: r.paused_seconds,
  };
}

/** A stored case as the API shows it, with its SLA judged at `now`. */
export function presentCase(r: CaseRow, now = new Date()): CaseSummary {
  const clock = clockOf(r);
  const b = breaches(clock, now);
  return {
    id: Number(r.id),
    state: r.state,
    type: r.classification_type,
    taxonomy: r.taxonomy,
    ownership: r.ownership,
    resource: r.resource,
    service_id: r.service_id,
    service_type: r.service_type,
    customer_id: r.customer_id,
    team_id: r.team_id,
    netblock_id: r.netblock_id === null ? null : Number(r.netblock_id),
    event_count: r.event_count,
    misuse_type: r.misuse_type,
    misuse_suggestions: r.misuse_suggestions,
    assignee: r.assignee,
    reemerged: r.reemerged,
    reemerged_count: r.reemerged_count,
    merged_into: r.merged_into === null ? null : Number(r.merged_into),
    first_event_at: iso(r.first_event_at as Date),
    last_event_at: iso(r.last_event_at as Date),
    created_at: iso(r.created_at as Date),
    updated_at: iso(r.updated_at as Date),
    sla: {
      first_action_due: isoOrNull(r.first_action_due),
      resolution_due: isoOrNull(r.resolution_due),
      first_action_at: isoOrNull(r.first_action_at),
      resolved_at: isoOrNull(r.resolved_at),
      paused: r.paused_since !== null,
      first_action_breached: b.first_action,
      resolution_breached: b.resolution,
      next_deadline: isoOrNull(nextDeadline(clock)),
    },
  };
}

/** A timeline row as the API shows it. */
export function presentTimeline(r: {
  id: string | number;
  at: Date;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}): TimelineEntry {
  return {
    id: Number(r.id),
    at: iso(r.at as Date),
    kind: r.kind,
    actor: r.actor,
    detail: r.detail,
  };
}
