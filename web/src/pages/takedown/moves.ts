// What the desk may do with a takedown request in each state, and who is asked next. The
// server decides (and refuses a move that makes no sense, with the reason); these mirror
// src/takedown/request-types.ts and takedown-service.ts so that the UI offers only the moves
// that can succeed. Each list is a Record over the API's union, as in policy.ts: a state
// added on the server is a type error here until it is given its moves.
import { keysOf } from "../../policy.ts";
import type { ContactRole, TakedownMove, TakedownState } from "../../types.ts";

/** The roles in the order the desk asks them (the escalation chain, DNS and CERT last). */
export const CONTACT_ROLES = keysOf<ContactRole>({
  platform: true,
  host: true,
  registrar: true,
  registry: true,
  dns: true,
  cert: true,
});

/** The moves recorded by hand from each state (sending and escalating have their own buttons). */
export const MOVES: Record<TakedownState, readonly TakedownMove[]> = {
  draft: ["closed"],
  sent: ["acknowledged", "acted", "resource_down", "refused", "unanswered", "closed"],
  acknowledged: ["acted", "resource_down", "refused", "unanswered", "closed"],
  acted: ["resource_down", "closed"],
  resource_down: ["acted", "closed"],
  refused: ["closed"],
  unanswered: ["acknowledged", "acted", "resource_down", "closed"],
  escalated: ["closed"],
  closed: [],
};

/** The states a request may be escalated from. */
export const ESCALATABLE: Record<TakedownState, boolean> = {
  draft: false,
  sent: true,
  acknowledged: true,
  acted: true,
  resource_down: false,
  refused: true,
  unanswered: true,
  escalated: false,
  closed: false,
};

/** Who is asked next when a request goes unanswered or is refused (none after the CERT). */
export const NEXT_IN_CHAIN: Record<ContactRole, ContactRole | null> = {
  platform: "host",
  host: "registrar",
  registrar: "registry",
  registry: "cert",
  dns: "registrar",
  cert: null,
};

/** The states in which the recipient's deadline runs (a countdown is shown). */
export const RUNNING: Record<TakedownState, boolean> = {
  draft: true,
  sent: true,
  acknowledged: true,
  acted: false,
  resource_down: false,
  refused: false,
  unanswered: false,
  escalated: false,
  closed: false,
};
