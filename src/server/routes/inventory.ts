import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { UserError } from "../../domain/errors.ts";
import {
  Customer,
  CustomerInput,
  Domain,
  DomainInput,
  ImportResult,
  INVENTORY_KINDS,
  InventoryBatch,
  type InventoryKind,
  Netblock,
  NetblockInput,
  Service,
  ServiceInput,
  Team,
  TeamInput,
} from "../../domain/inventory.ts";
import { ADMIN_ROLES, STAFF_ROLES } from "../../domain/roles.ts";
import { deleteInventory, getInventory, listInventory } from "../../inventory/inventory-store.ts";
import { upsertInventory } from "../../inventory/upsert.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const WRITERS = ADMIN_ROLES;

const KINDS: Record<
  InventoryKind,
  { item: z.ZodType; input: z.ZodType; patch: readonly string[]; what: string }
> = {
  teams: { item: Team, input: TeamInput, patch: ["name", "email", "company"], what: "team" },
  customers: {
    item: Customer,
    input: CustomerInput,
    patch: ["name", "email", "phone", "country", "verification", "language", "abuse_email"],
    what: "customer",
  },
  services: {
    item: Service,
    input: ServiceInput,
    patch: ["type", "plan", "team_id", "valid_from", "valid_to"],
    what: "service",
  },
  netblocks: {
    item: Netblock,
    input: NetblockInput,
    patch: ["valid_to", "note"],
    what: "netblock",
  },
  domains: { item: Domain, input: DomainInput, patch: ["valid_to"], what: "domain" },
};

/** One rejection becomes the error of a single-object write. */
function rejected(result: ImportResult): never {
  const r = result.rejections[0];
  throw new UserError("rejected", r?.reason ?? "rejected", 422, result.rejections);
}

const dateText = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The provider's inventory: bulk upsert, and list/read/create/change/end per object. */
export function inventoryRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    "/api/v1/inventory/import",
    {
      config: { access: WRITERS },
      schema: {
        tags: ["inventory"],
        summary:
          "Bulk upsert (teams, customers, services, netblocks, domains), as the CSV files have them",
        description:
          "Idempotent: rows are matched by their external ids (CIDR and domain with their validity for assignments). A new holder for a netblock or domain ends the current assignment the day the new one starts. Rows that do not hold are rejected one by one with the reason; the rest goes in. Rows may carry `source: {file, line}` to have rejections name them.",
        body: InventoryBatch,
        response: { 200: ImportResult, 400: ErrorBody },
      },
    },
    async (req) => upsertInventory(ctx.store, req.body, actorOf(req.principal)),
  );

  for (const kind of INVENTORY_KINDS) {
    const k = KINDS[kind];
    const base = `/api/v1/inventory/${kind}`;
    app.get(
      base,
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ["inventory"],
          summary: `List ${kind}`,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            cursor: z.string().optional(),
            q: z.string().max(200).optional().describe("text in the id or name"),
            service_id: z.string().optional(),
            customer_id: z.string().optional(),
            team_id: z.string().optional(),
            ip: z.ipv4().or(z.ipv6()).optional().describe("netblocks holding this address"),
            current: z
              .enum(["true", "false"])
              .optional()
              .transform((v) => v === "true")
              .describe("only assignments that hold now"),
          }),
          response: {
            200: z.object({ items: z.array(k.item), next_cursor: z.string().nullable() }),
          },
        },
      },
      async (req) => listInventory(ctx.store, kind, req.query) as never,
    );
    app.get(
      `${base}/:id`,
      {
        config: { access: STAFF_ROLES },
        schema: {
          tags: ["inventory"],
          summary: `One ${k.what}`,
          params: z.object({ id: z.string() }),
          response: { 200: k.item, 404: ErrorBody },
        },
      },
      async (req) => getInventory(ctx.store, kind, req.params.id) as never,
    );
    app.post(
      base,
      {
        config: { access: WRITERS },
        schema: {
          tags: ["inventory"],
          summary: `Create or update one ${k.what} (the bulk upsert's rules)`,
          body: z.record(z.string(), z.unknown()),
          response: { 200: ImportResult, 422: ErrorBody },
        },
      },
      async (req) => {
        const result = await upsertInventory(
          ctx.store,
          { ...emptyBatch(), [kind]: [req.body] },
          actorOf(req.principal),
        );
        if (result.rejections.length > 0) rejected(result);
        return result;
      },
    );
    app.patch(
      `${base}/:id`,
      {
        config: { access: WRITERS },
        schema: {
          tags: ["inventory"],
          summary: `Change fields of one ${k.what} (${k.patch.join(", ")})`,
          description:
            kind === "netblocks" || kind === "domains"
              ? "An assignment's holder never changes in place: create the new assignment (POST) and the current one ends the day it starts."
              : undefined,
          params: z.object({ id: z.string() }),
          body: z.record(z.string(), z.unknown()),
          response: { 200: k.item, 404: ErrorBody, 422: ErrorBody },
        },
      },
      async (req) => {
        const current = await getInventory(ctx.store, kind, req.params.id);
        const unknown = Object.keys(req.body).filter((f) => !k.patch.includes(f));
        if (unknown.length > 0) {
          throw new UserError(
            "invalid_request",
            `${unknown.join(", ")} cannot be changed here; changeable: ${k.patch.join(", ")}`,
          );
        }
        const row = asInput(kind, { ...current, ...req.body });
        const result = await upsertInventory(
          ctx.store,
          { ...emptyBatch(), [kind]: [row] },
          actorOf(req.principal),
        );
        if (result.rejections.length > 0) rejected(result);
        return getInventory(ctx.store, kind, req.params.id) as never;
      },
    );
    app.delete(
      `${base}/:id`,
      {
        config: { access: WRITERS },
        schema: {
          tags: ["inventory"],
          summary:
            kind === "netblocks" || kind === "domains"
              ? `End one ${k.what} assignment now (history stays)`
              : `Delete one ${k.what} nothing refers to`,
          params: z.object({ id: z.string() }),
          response: {
            200: z.object({ deleted: z.boolean(), ended: z.boolean(), item: k.item }),
            404: ErrorBody,
            409: ErrorBody,
          },
        },
      },
      async (req) =>
        deleteInventory(ctx.store, kind, req.params.id, actorOf(req.principal)) as never,
    );
  }
}

const emptyBatch = (): InventoryBatch => ({
  teams: [],
  customers: [],
  services: [],
  netblocks: [],
  domains: [],
});

/** A stored object as an upsert row (dates back to the input form, nulls dropped). */
function asInput(kind: InventoryKind, o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(o)) if (v !== null && v !== undefined) out[key] = v;
  if (kind === "netblocks" || kind === "domains") delete out.id;
  if ("valid_from" in out) out.valid_from = dateText(out.valid_from);
  if ("valid_to" in out) out.valid_to = dateText(out.valid_to);
  return out;
}
