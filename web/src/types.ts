// The shapes the UI reads from the Mogura API, named for the pages. Each one is taken from
// api-types.gen.ts, which `npm run gen:api-types` generates from the server's OpenAPI document
// (the routes' zod schemas): a change on the server shows up here as a type error.
import type { paths } from "./api-types.gen.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** The JSON body that `method path` answers with `status` (200 unless said otherwise). */
export type ApiAnswer<
  P extends keyof paths,
  M extends Method & keyof paths[P],
  S extends keyof Responses<P, M> = 200 & keyof Responses<P, M>,
> = Responses<P, M>[S] extends { content: { "application/json": infer Body } } ? Body : never;

type Responses<P extends keyof paths, M extends Method & keyof paths[P]> =
  NonNullable<paths[P][M]> extends { responses: infer R } ? R : never;

/** The JSON body that `method path` takes. */
export type ApiBody<P extends keyof paths, M extends Method & keyof paths[P]> =
  NonNullable<paths[P][M]> extends {
    requestBody?: { content: { "application/json": infer Body } };
  }
    ? Body
    : never;

type Item<List extends { items: unknown[] }> = List["items"][number];

// Who is signed in

export type Role = ApiAnswer<"/api/v1/auth/session", "get">["role"];
export type Preferences = ApiAnswer<"/api/v1/me/preferences", "get">;
export type Language = Preferences["language"];

/** The signed-in user as the UI keeps it (from the login answer or GET /auth/session). */
export interface Session {
  name: string;
  role: Role;
  csrf: string;
}

export type LoginAnswer = ApiAnswer<"/api/v1/auth/login", "post">;
export type SessionAnswer = ApiAnswer<"/api/v1/auth/session", "get">;
export type UserList = ApiAnswer<"/api/v1/users", "get">;

// Cases

export type CaseList = ApiAnswer<"/api/v1/cases", "get">;
export type CaseSummary = Item<CaseList>;
export type CaseState = CaseSummary["state"];
export type MisuseType = CaseSummary["misuse_type"];
export type Ownership = CaseSummary["ownership"];
export type CaseSla = CaseSummary["sla"];
export type MisuseSuggestion = CaseSummary["misuse_suggestions"][number];

export type CaseDetail = ApiAnswer<"/api/v1/cases/{id}", "get">;
export type TimelineEntry = CaseDetail["timeline"][number];
export type CaseEvent = CaseDetail["events"][number];
export type AllowedAction = CaseDetail["allowed_actions"][number];

export type BulkTransitionAnswer = ApiAnswer<"/api/v1/cases/bulk/transition", "post">;
export type SavedFilterList = ApiAnswer<"/api/v1/me/filters", "get">;
export type SavedFilter = Item<SavedFilterList>;

// Evidence and notices

export type CaptureList = ApiAnswer<"/api/v1/cases/{id}/evidence", "get">;
export type Capture = Item<CaptureList>;

/**
 * One hop of an HTTP capture, as the fetcher records it in `Capture.result.hops`. Written by
 * hand: the API declares a capture's result as free-form JSON (its shape depends on the kind).
 */
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

export type NoticeList = ApiAnswer<"/api/v1/cases/{id}/notices", "get">;
export type Notice = Item<NoticeList>;
export type NoticePreview = ApiAnswer<"/api/v1/cases/{id}/notices/preview", "post">;
export type NoticeQueued = ApiAnswer<"/api/v1/cases/{id}/notices", "post", 202>;

// Takedown: who can act on a resource that is not ours, and the requests sent to them

export type ContactLookup = ApiAnswer<"/api/v1/contacts", "get">;
export type Contact = ContactLookup["contacts"][number];
export type ContactRole = Contact["role"];
export type ContactProblem = ContactLookup["problems"][number];

export type TakedownRequestList = ApiAnswer<"/api/v1/cases/{id}/takedown-requests", "get">;
export type TakedownRequest = ApiAnswer<"/api/v1/takedown-requests/{id}", "get">;
export type TakedownState = TakedownRequest["state"];
export type TakedownReply = NonNullable<TakedownRequest["replies"]>[number];
export type TakedownDraftInput = ApiBody<"/api/v1/cases/{id}/takedown-requests", "post">;
export type TakedownFormat = NonNullable<TakedownDraftInput["format"]>;
/** What a request moves with (each a result of the recipient's answer, or of the desk's look). */
export type TakedownMove = ApiBody<"/api/v1/takedown-requests/{id}/state", "post">["state"];
/** The answer to drafting and to escalating: the new drafts, and who could not be asked, why. */
export type TakedownDrafted = ApiAnswer<"/api/v1/cases/{id}/takedown-requests", "post", 201>;

// Quarantine and lookup

export type QuarantineList = ApiAnswer<"/api/v1/quarantine", "get">;
export type QuarantinedReport = Item<QuarantineList>;

export type ResolveAnswer = ApiAnswer<"/api/v1/resolve", "get">;
export type Owner = NonNullable<ResolveAnswer["owner"]>;

// Inventory

export type Customer = ApiAnswer<"/api/v1/inventory/customers/{id}", "get">;
export type Service = ApiAnswer<"/api/v1/inventory/services/{id}", "get">;
export type TeamList = ApiAnswer<"/api/v1/inventory/teams", "get">;
export type Team = Item<TeamList>;

// Statistics

export type ReportStats = ApiAnswer<"/api/v1/stats/reports", "get">;
export type CaseStats = ApiAnswer<"/api/v1/stats/cases", "get">;
export type TrackingStats = ApiAnswer<"/api/v1/stats/tracking-numbers", "get">;
export type TakedownStats = ApiAnswer<"/api/v1/stats/takedown", "get">;
export type TakedownRecipientStats = TakedownStats["by_recipient"][number];
export type Timing = CaseStats["timing"]["first_action"];
export type SlaShare = CaseStats["sla"]["first_action"];
