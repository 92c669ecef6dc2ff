import { z } from "zod";
import { appendAudit } from "../../audit/audit-log.ts";
import { actorOf } from "../../auth/principal.ts";
import { hashPassword } from "../../auth/secrets.ts";
import { endUserSessions } from "../../auth/sessions.ts";
import {
  createUser,
  listUsers,
  Password,
  setPasswordHash,
  UserInfo,
  Username,
} from "../../auth/users.ts";
import { ADMIN_ROLES, Role } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

/** Managing people's accounts (admin only). */
export function userRoutes(app: ZodApp, ctx: AppContext) {
  const { db } = ctx.store;

  app.get(
    "/api/v1/users",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "All user accounts",
        response: { 200: z.object({ items: z.array(UserInfo) }) },
      },
    },
    async () => ({ items: await listUsers(db) }),
  );

  app.post(
    "/api/v1/users",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "Create a user account",
        body: z.object({
          username: Username,
          password: Password,
          role: Role,
          display_name: z.string().max(200).optional(),
        }),
        response: { 201: UserInfo, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const passwordHash = await hashPassword(req.body.password);
      const user = await db.transaction(async (tx) => {
        const u = await createUser(tx, {
          username: req.body.username,
          passwordHash,
          role: req.body.role,
          displayName: req.body.display_name,
        });
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "user.created",
          target: `user:${u.username}`,
          details: { role: u.role },
        });
        return u;
      });
      return reply.code(201).send(user);
    },
  );

  app.post(
    "/api/v1/users/:username/password",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "Set a user's password; ends the user's sessions",
        params: z.object({ username: z.string() }),
        body: z.object({ password: Password }),
        response: { 200: UserInfo, 404: ErrorBody },
      },
    },
    async (req) => {
      const passwordHash = await hashPassword(req.body.password);
      return db.transaction(async (tx) => {
        const u = await setPasswordHash(tx, req.params.username, passwordHash);
        await endUserSessions(tx, u.id);
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "user.password_set",
          target: `user:${u.username}`,
        });
        return u;
      });
    },
  );
}
