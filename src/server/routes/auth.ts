import { z } from "zod";
import { appendAudit } from "../../audit/audit-log.ts";
import {
  clearLoginFailures,
  loginDelayMs,
  loginRetryAfter,
  recordLoginFailure,
} from "../../auth/login-throttle.ts";
import { actorOf } from "../../auth/principal.ts";
import { hashPassword } from "../../auth/secrets.ts";
import { createSession, endSession, endUserSessions } from "../../auth/sessions.ts";
import { checkCredentials, Password, setPasswordHash, UserInfo } from "../../auth/users.ts";
import { UserError } from "../../domain/errors.ts";
import { Role } from "../../domain/roles.ts";
import { ANY_ROLE, SESSION_COOKIE } from "../access.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const LoginAnswer = z.object({
  user: UserInfo,
  csrf_token: z
    .string()
    .describe("send it as the x-csrf-token header on every POST, PUT, PATCH and DELETE"),
  expires_at: z.string(),
});

const WhoAmI = z.object({
  kind: z.enum(["apikey", "user"]),
  name: z.string(),
  role: Role,
  csrf_token: z.string().optional(),
});

/** Browser login and logout, who-am-I, and changing one's own password. */
export function authRoutes(app: ZodApp, ctx: AppContext) {
  const { db } = ctx.store;
  const policy = {
    maxFailures: ctx.config.auth.loginMaxFailures,
    windowMinutes: ctx.config.auth.loginWindowMinutes,
  };

  app.post(
    "/api/v1/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign in with user name and password; sets an HttpOnly session cookie",
        body: z.object({
          username: z.string().min(1).max(64),
          password: z.string().min(1).max(1024),
        }),
        response: { 200: LoginAnswer, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const wait = await loginRetryAfter(db, username, req.ip, policy);
      if (wait > 0) {
        reply.header("retry-after", String(wait));
        throw new UserError(
          "too_many_attempts",
          `Too many failed logins for ${username} from this address; try again in ${wait} s.`,
          429,
        );
      }
      const delay = await loginDelayMs(db, username, policy);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const user = await checkCredentials(db, username, password);
      if (!user) {
        await recordLoginFailure(db, username, req.ip);
        if ((await loginRetryAfter(db, username, req.ip, policy)) > 0) {
          await appendAudit(db, {
            actor: "system",
            action: "auth.lockout",
            target: `user:${username}`,
            details: { ip: req.ip },
          });
        }
        throw new UserError("invalid_login", "Wrong user name or password.", 401);
      }
      await clearLoginFailures(db, username, req.ip);
      const session = await createSession(db, user.id, ctx.config.auth.sessionTtlHours);
      await appendAudit(db, {
        actor: `user:${user.username}`,
        action: "auth.login",
        target: `user:${user.username}`,
        details: { ip: req.ip },
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: "strict",
        secure: ctx.config.auth.cookieSecure,
        path: "/",
        expires: session.expiresAt,
      });
      return { user, csrf_token: session.csrfToken, expires_at: session.expiresAt.toISOString() };
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      config: { access: ANY_ROLE },
      schema: { tags: ["auth"], summary: "End this browser session", response: { 204: z.null() } },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p?.sessionTokenHash) await endSession(db, p.sessionTokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/auth/session",
    {
      config: { access: ANY_ROLE },
      schema: { tags: ["auth"], summary: "Who is calling", response: { 200: WhoAmI } },
    },
    async (req) => {
      const p = req.principal;
      if (!p) throw new UserError("unauthenticated", "Not signed in.", 401);
      return { kind: p.kind, name: p.name, role: p.role, csrf_token: p.csrfToken };
    },
  );

  app.post(
    "/api/v1/auth/password",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["auth"],
        summary: "Change one's own password; ends all of one's sessions",
        body: z.object({ current_password: z.string().min(1), new_password: Password }),
        response: { 204: z.null(), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p?.kind !== "user")
        throw new UserError("not_a_user", "API keys have no password; sign in as a person.", 400);
      if (!(await checkCredentials(db, p.name, req.body.current_password))) {
        throw new UserError("invalid_login", "The current password is wrong.", 401);
      }
      const hash = await hashPassword(req.body.new_password);
      await db.transaction(async (tx) => {
        await setPasswordHash(tx, p.name, hash);
        await endUserSessions(tx, p.id);
        await appendAudit(tx, {
          actor: actorOf(p),
          action: "user.password_changed",
          target: `user:${p.name}`,
        });
      });
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );
}
