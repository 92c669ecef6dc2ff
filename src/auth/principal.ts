import type { Role } from "../domain/roles.ts";

/** Who is making a request: an API key or a logged-in person. */
export interface Principal {
  kind: "apikey" | "user";
  id: string;
  name: string;
  role: Role;
  /** Present for browser sessions: state-changing requests must echo it. */
  csrfToken?: string;
  /** Identifies the browser session, so logout can end it. */
  sessionTokenHash?: string;
}

/** How a principal appears in the audit log. */
export const actorOf = (p: Principal | null | undefined): string =>
  p ? `${p.kind === "apikey" ? "apikey" : "user"}:${p.name}` : "system";
