import ipaddr from "ipaddr.js";
import { z } from "zod";
import { UserError } from "../../domain/errors.ts";
import { STAFF_ROLES } from "../../domain/roles.ts";
import { netblocksOverlapping } from "../../inventory/inventory-store.ts";
import { normalizeHost } from "../../inventory/normalize.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const Owner = z.object({
  ownership: z.enum(["customer", "platform", "not_ours"]),
  via: z.string().nullable(),
  service_id: z.string().nullable(),
  service_type: z.string().nullable(),
  customer_id: z.string().nullable(),
  team_id: z.string().nullable(),
  netblock_id: z.number().nullable(),
  domain_id: z.number().nullable(),
  host: z.string().nullable(),
  ip: z.string().nullable(),
  dns: z.object({ addresses: z.array(z.string()), error: z.string().optional() }).optional(),
});

/** Whose is this? An IP, CIDR, domain or URL looked up in the inventory, now or at a time. */
export function resolveRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/resolve",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["inventory"],
        summary: "Whose is an IP, CIDR, domain or URL, now or at a chosen time",
        querystring: z.object({
          q: z.string().trim().min(1).max(2000),
          at: z.iso.datetime({ offset: true }).optional().describe("default: now"),
        }),
        response: {
          200: z.object({
            query: z.string(),
            at: z.string(),
            owner: Owner.nullable().describe("for an address, name or URL"),
            netblocks: z
              .array(
                z.object({
                  id: z.number(),
                  cidr: z.string(),
                  service_id: z.string().nullable(),
                  team_id: z.string().nullable(),
                  shared: z.boolean(),
                  valid_from: z.string(),
                  valid_to: z.string().nullable(),
                }),
              )
              .describe("for a CIDR: the netblocks inside or around it that hold at that time"),
          }),
          400: ErrorBody,
        },
      },
    },
    async (req) => {
      const at = req.query.at ? new Date(req.query.at) : new Date();
      const q = req.query.q;
      if (q.includes("/") && !/^[a-z]+:\/\//i.test(q)) {
        try {
          ipaddr.parseCIDR(q);
        } catch {
          throw new UserError("invalid_query", `"${q}" is not an IP, CIDR, domain or URL`);
        }
        return {
          query: q,
          at: at.toISOString(),
          owner: null,
          netblocks: await netblocksOverlapping(ctx.store, q, at),
        };
      }
      const isIp = ipaddr.isValid(q) && (ipaddr.IPv4.isValidFourPartDecimal(q) || q.includes(":"));
      const event: Record<string, unknown> = isIp
        ? { "source.ip": q }
        : /^[a-z]+:\/\//i.test(q)
          ? { "source.url": q }
          : { "source.fqdn": q };
      if (!isIp && !event["source.url"] && !normalizeHost(q))
        throw new UserError("invalid_query", `"${q}" is not an IP, CIDR, domain or URL`);
      await ctx.cases.resolver.refresh();
      const r = await ctx.cases.resolver.resolve(event, at.getTime());
      return {
        query: q,
        at: at.toISOString(),
        owner: {
          ownership: r.ownership,
          via: r.via,
          service_id: r.service_id,
          service_type: r.service_type,
          customer_id: r.customer_id,
          team_id: r.team_id,
          netblock_id: r.netblock_id,
          domain_id: r.domain_id,
          host: r.host,
          ip: r.ip,
          ...(r.dns ? { dns: r.dns } : {}),
        },
        netblocks: [],
      };
    },
  );
}
