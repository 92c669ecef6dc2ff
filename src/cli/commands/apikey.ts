import type { Command } from "commander";
import { appendAudit } from "../../audit/audit-log.ts";
import { type ApiKeyInfo, createApiKey } from "../../auth/api-keys.ts";
import { Role } from "../../domain/roles.ts";
import { migrate } from "../../store/migrate.ts";
import { clientOf, configOf, openStoreFor } from "../context.ts";
import { CliError, printTable } from "../output.ts";

function parseRole(value: string): Role {
  const r = Role.safeParse(value);
  if (!r.success)
    throw new CliError(`unknown role ${value}: expected one of ${Role.options.join(", ")}`, 2);
  return r.data;
}

/** `mogura apikey create|list|revoke`. */
export function apiKeyCommand(program: Command) {
  const cmd = program.command("apikey").description("manage API keys");

  cmd
    .command("create")
    .description("create an API key and print it once")
    .requiredOption("--name <name>", "what the key is for, e.g. 'csirt-feed' or 'alice laptop'")
    .option("--role <role>", `one of ${Role.options.join(", ")}`, "analyst")
    .option(
      "--offline",
      "write to the database directly instead of calling the server (refused while a server holds the embedded database)",
    )
    .action(async (opts: { name: string; role: string; offline?: boolean }, sub: Command) => {
      const role = parseRole(opts.role);
      let made: { key: string; info: ApiKeyInfo };
      if (opts.offline) {
        const store = await openStoreFor(configOf(sub));
        try {
          await migrate(store);
          made = await store.db.transaction(async (tx) => {
            const m = await createApiKey(tx, { name: opts.name, role, createdBy: "cli:offline" });
            await appendAudit(tx, {
              actor: "cli:offline",
              action: "apikey.created",
              target: `apikey:${m.info.id}`,
              details: { name: m.info.name, role },
            });
            return m;
          });
        } finally {
          await store.close();
        }
      } else {
        made = await clientOf(sub).request("POST", "/api/v1/apikeys", { name: opts.name, role });
      }
      console.log(
        `API key ${made.info.id} (${made.info.role}, "${made.info.name}"), shown only this once:`,
      );
      console.log(made.key);
    });

  cmd
    .command("list")
    .description("list API keys (the keys themselves are never shown again)")
    .action(async (_o, sub: Command) => {
      const { items } = await clientOf(sub).request<{ items: ApiKeyInfo[] }>(
        "GET",
        "/api/v1/apikeys",
      );
      printTable(
        items.map((k) => ({ ...k, state: k.revoked_at ? "revoked" : "active" })),
        ["id", "name", "role", "prefix", "state", "created_at", "last_used_at"],
      );
    });

  cmd
    .command("revoke")
    .description("revoke an API key at once")
    .argument("<id>", "the key's id, from `mogura apikey list`")
    .action(async (id: string, _o, sub: Command) => {
      const k = await clientOf(sub).request<ApiKeyInfo>(
        "DELETE",
        `/api/v1/apikeys/${encodeURIComponent(id)}`,
      );
      console.log(`revoked ${k.id} ("${k.name}") at ${k.revoked_at}`);
    });
}
