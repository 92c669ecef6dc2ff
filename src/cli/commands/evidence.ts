import type { Command } from "commander";
import { BlobStore } from "../../evidence/blob-store.ts";
import { blobDir } from "../../evidence/engine.ts";
import { type LedgerVerification, verifyLedger } from "../../evidence/ledger.ts";
import { clientOf, configOf, type GlobalOptions, openStoreFor } from "../context.ts";
import { CliError } from "../output.ts";

function report(v: LedgerVerification): void {
  if (v.ok) {
    console.log(`ok: ${v.entries} ledger entries and ${v.blobs} blobs hold`);
    console.log(`last hash ${v.last_hash} (keep it elsewhere: a ledger cut short ends before it)`);
    return;
  }
  const where = [
    v.problem?.seq !== undefined ? `entry ${v.problem.seq}` : null,
    v.problem?.blob ? `blob ${v.problem.blob}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  throw new CliError(
    `BROKEN at ${where || "the ledger"}: ${v.problem?.reason ?? "unknown"} (${v.entries} entries held before it)`,
    4,
  );
}

/** `mogura evidence verify`: the evidence ledger and its blobs, through the API or on the data directly. */
export function evidenceCommand(program: Command) {
  const cmd = program.command("evidence").description("the sealed evidence ledger and its blobs");

  cmd
    .command("verify")
    .description(
      "walk the whole ledger and every blob; exit 4 at the first break (through the API when an API key is set, else on the data directly)",
    )
    .option(
      "--local",
      "read MOGURA_DATA_DIR / DATABASE_URL directly (the server must not be running on PGlite)",
    )
    .action(async (opts: { local?: boolean }, sub: Command) => {
      const g = sub.optsWithGlobals<GlobalOptions>();
      if (!opts.local && (g.apiKey ?? process.env.MOGURA_API_KEY)) {
        report(await clientOf(sub).request<LedgerVerification>("GET", "/api/v1/evidence/verify"));
        return;
      }
      const config = configOf(sub);
      const store = await openStoreFor(config);
      try {
        report(await verifyLedger(store, new BlobStore(blobDir(config))));
      } finally {
        await store.close();
      }
    });
}
