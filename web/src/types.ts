// The shapes the UI reads from the Mogura API (src/domain/case.ts, src/server/routes/*.ts).

export type Role = "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
export type Language = "ja" | "en";

export interface Session {
  name: string;
  role: Role;
  csrf: string;
}

export type CaseState =
  | "new"
  | "acknowledged"
  | "waiting_customer"
  | "action_taken"
  | "resolved"
  | "closed"
  | "rejected";

export type MisuseType =
  | "fraudulent_contract"
  | "compromised_customer"
  | "downstream_reseller"
  | "grey_use"
  | "undetermined";

export type Ownership = "customer" | "platform" | "not_ours";

export interface CaseSla {
  first_action_due: string | null;
  resolution_due: string | null;
  first_action_at: string | null;
  resolved_at: string | null;
  paused: boolean;
  first_action_breached: boolean;
  resolution_breached: boolean;
  next_deadline: string | null;
}

export interface MisuseSuggestion {
  misuse_type: MisuseType;
  reason_en: string;
  reason_ja: string;
}

export interface CaseSummary {
  id: number;
  state: CaseState;
  type: string;
  taxonomy: string;
  ownership: Ownership;
  resource: string;
  service_id: string | null;
  service_type: string | null;
  customer_id: string | null;
  team_id: string | null;
  netblock_id: number | null;
  event_count: number;
  misuse_type: MisuseType;
  misuse_suggestions: MisuseSuggestion[];
  assignee: string | null;
  reemerged: boolean;
  reemerged_count: number;
  merged_into: number | null;
  first_event_at: string;
  last_event_at: string;
  created_at: string;
  updated_at: string;
  sla: CaseSla;
}

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface CaseEvent {
  id: number;
  report_id: string;
  type: string;
  first_seen: string;
  last_seen: string;
  seen_count: number;
  data: Record<string, unknown>;
  resolution: unknown;
}

export interface AllowedAction {
  action: string;
  label_en: string;
  label_ja: string;
  requires_reason: boolean;
}

export interface CaseDetail extends CaseSummary {
  timeline: TimelineEntry[];
  events: CaseEvent[];
  events_shown: number;
  allowed_actions: AllowedAction[];
  /** Every action of the policy's catalog, allowed here or not (with the reason in both languages). */
  actions: (AllowedAction & {
    allowed: boolean;
    reason_en: string | null;
    reason_ja: string | null;
  })[];
  /** The states this case may move to now. */
  transitions: CaseState[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface SavedFilter {
  id: number;
  name: string;
  query: string;
}

export interface Capture {
  id: number;
  case_id: number;
  event_id: number | null;
  report_id: string | null;
  kind: string;
  target: string;
  status: string;
  summary: string | null;
  result: Record<string, unknown>;
  blobs: string[];
  ledger_seq: number | null;
  created_at: string;
  finished_at: string | null;
}

export interface Hop {
  url: string;
  at?: string;
  addresses?: string[];
  remote?: { ip: string; port: number };
  tls?: {
    subject?: string;
    issuer?: string;
    valid_from?: string;
    valid_to?: string;
    fingerprint256?: string;
    authorized?: boolean;
    authorization_error?: string;
  };
  status?: number;
  location?: string;
  error?: string;
}

export interface NoticePreview {
  subject: string;
  text: string;
  html: string;
  to: string[];
  cc: string[];
  language: string;
}

export interface Notice {
  id: number;
  kind: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  state: string;
  attempts: number;
  last_error: string | null;
  created_by: string;
  created_at: string;
  sent_at: string | null;
}

export interface QuarantinedReport {
  id: string;
  tracking_number: string;
  channel: string;
  status: string;
  received_at: string;
  size: number;
  content_type: string | null;
  filename: string | null;
  format: string | null;
  sender: string | null;
  parser: string | null;
  reason: string | null;
}

export interface Owner {
  ownership: Ownership;
  via: string | null;
  service_id: string | null;
  service_type: string | null;
  customer_id: string | null;
  team_id: string | null;
  netblock_id: number | null;
  domain_id: number | null;
  host: string | null;
  ip: string | null;
  dns?: { addresses: string[]; error?: string };
}

export interface ResolveAnswer {
  query: string;
  at: string;
  owner: Owner | null;
  netblocks: {
    id: number;
    cidr: string;
    service_id: string | null;
    team_id: string | null;
    shared: boolean;
    valid_from: string;
    valid_to: string | null;
  }[];
}

export interface Customer {
  id: string;
  name: string;
  verification: string;
  language: string;
}

export interface Service {
  id: string;
  customer_id: string;
  type: string;
  plan: string | null;
  team_id: string;
  valid_from: string;
  valid_to: string | null;
}

export interface Team {
  id: string;
  name: string;
}

type Hours = number | null;
type Share = number | null;

export interface ReportStats {
  period: { from: string; to: string };
  months: { month: string; type: string; reports: number }[];
  by_channel: { month: string; channel: string; reports: number }[];
  total: number;
}

export interface Timing {
  count: number;
  median_hours: Hours;
  p90_hours: Hours;
}

export interface SlaShare {
  within: number;
  missed: number;
  share: Share;
}

export interface CaseStats {
  period: { from: string; to: string };
  team: string | null;
  months: { month: string; type: string; opened: number; resolved: number }[];
  by_team: { team_id: string | null; opened: number; resolved: number; open_now: number }[];
  timing: { first_action: Timing; resolution: Timing };
  sla: { first_action: SlaShare; resolution: SlaShare };
  by_type_timing: {
    type: string;
    cases: number;
    first_action_median_hours: Hours;
    resolution_median_hours: Hours;
    first_action_share_within: Share;
    resolution_share_within: Share;
  }[];
}

export interface TrackingStats {
  years: { prefix: string; year: number; issued: number; stored: number }[];
}
