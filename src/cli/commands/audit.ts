import type { Command } from "commander";
import { type AuditVerification, verifyAuditChain } from "../../audit/audit-log.ts";
import { clientOf, configOf, openStoreFor } from "../context.ts";
import { CliError } from "../output.ts";

/** `mogura audit verify`. */
export function auditCommand(program: Command) {
  const cmd = program.command("audit").description("the append-only audit log");
  cmd
    .command("verify")
    .description("recompute the audit hash chain; exits 1 if any entry was altered or removed")
    .option("--offline", "read the database directly instead of asking the server")
    .action(async (opts: { offline?: boolean }, sub: Command) => {
      let result: AuditVerification;
      if (opts.offline) {
        const store = await openStoreFor(configOf(sub));
        try {
          result = await verifyAuditChain(store.db);
        } finally {
          await store.close();
        }
      } else {
        result = await clientOf(sub).request<AuditVerification>("GET", "/api/v1/audit/verify");
      }
      if (!result.ok) {
        throw new CliError(
          `audit chain BROKEN at entry ${result.problem?.seq}: ${result.problem?.reason} (${result.entries} entries before it hold)`,
        );
      }
      console.log(`audit chain intact: ${result.entries} entries, last hash ${result.last_hash}`);
    });
}
