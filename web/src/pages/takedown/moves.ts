// How the UI orders roles and when it shows a countdown. What may follow a request (its
// moves, whether it can be escalated and to whom) comes with the request from the server.
// Each list is a Record over the API's union, as in policy.ts: a state or role added on the
// server is a type error here until it is placed.
import { keysOf } from "../../policy.ts";
import type { ContactRole, TakedownState } from "../../types.ts";

/** The roles in the order the desk asks them (the escalation chain, DNS and CERT last). */
export const CONTACT_ROLES = keysOf<ContactRole>({
  platform: true,
  host: true,
  registrar: true,
  registry: true,
  dns: true,
  cert: true,
});

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
