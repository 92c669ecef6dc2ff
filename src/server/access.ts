import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authenticateApiKey } from "../auth/api-keys.ts";
import type { Principal } from "../auth/principal.ts";
import { authenticateSession } from "../auth/sessions.ts";
import { ALL_ROLES, type Role } from "../domain/roles.ts";
import type { Db } from "../store/database.ts";
import { sendError } from "./errors.ts";

/** Who may call a route: everyone, or the listed roles. Every route must declare it. */
export type Access = "public" | readonly Role[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = "mogura_session";
export const CSRF_HEADER = "x-csrf-token";

/** Any signed-in principal, whatever its role. */
export const ANY_ROLE: readonly Role[] = ALL_ROLES;

export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function bearer(req: FastifyRequest): string | null | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? null;
}

/**
 * Authentication and authorisation for every route, before body parsing and validation:
 * 401 without valid credentials, 403 for a role the route does not list, 403 for a
 * state-changing browser request without the session's CSRF token. A route that declares
 * no access is refused (and the route/role test fails), so forgetting is never an opening.
 */
export function installAccessControl(app: FastifyInstance, db: Db): RouteAccess[] {
  const routes: RouteAccess[] = [];
  app.decorateRequest("principal", null);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Read lazily: a plugin's own onRoute hook (the docs UI's) may set the access after ours runs.
    for (const method of methods) {
      routes.push({
        method,
        url: route.url,
        get access() {
          return route.config?.access;
        },
      });
    }
  });

  app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.is404) return;
    const access = req.routeOptions.config.access;
    const principal = await identify(req, db);
    if (principal === "invalid") {
      if (access === "public") return;
      reply.header("www-authenticate", 'Bearer error="invalid_token"');
      return sendError(
        reply,
        401,
        "invalid_credentials",
        "The API key or session is not valid (unknown, revoked or expired).",
      );
    }
    req.principal = principal;
    if (access === "public") return;
    if (access === undefined) {
      return sendError(
        reply,
        403,
        "route_without_access",
        "This route declares no access rule and is closed.",
      );
    }
    if (!principal) {
      reply.header("www-authenticate", "Bearer");
      return sendError(
        reply,
        401,
        "unauthenticated",
        "Sign in, or send an API key as 'Authorization: Bearer <key>'.",
      );
    }
    if (!access.includes(principal.role)) {
      return sendError(
        reply,
        403,
        "forbidden",
        `The role ${principal.role} may not ${req.method} ${req.routeOptions.url}.`,
      );
    }
    if (
      principal.kind === "user" &&
      !SAFE_METHODS.has(req.method) &&
      req.headers[CSRF_HEADER] !== principal.csrfToken
    ) {
      return sendError(
        reply,
        403,
        "csrf_failed",
        `A browser request that changes data must carry the ${CSRF_HEADER} header from the login answer.`,
      );
    }
  });
  return routes;
}

async function identify(req: FastifyRequest, db: Db): Promise<Principal | null | "invalid"> {
  const key = bearer(req);
  if (key === null) return "invalid";
  if (key !== undefined) return (await authenticateApiKey(db, key)) ?? "invalid";
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  return (await authenticateSession(db, cookie)) ?? "invalid";
}
