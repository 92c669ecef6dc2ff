import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { BlobStore } from "../../evidence/blob-store.ts";
import { blobDir } from "../../evidence/engine.ts";
import { type LedgerVerification, verifyLedger } from "../../evidence/ledger.ts";
import { witnessCheck } from "../../evidence/ledger-witness.ts";
import { type PackageVerification, verifyEvidencePackage } from "../../evidence/package.ts";
import { clientOf, configOf, type GlobalOptions, openStoreFor } from "../context.ts";
import { CliError } from "../output.ts";

function report(v: LedgerVerification): void {
  if (v.ok) {
    console.log(`ok: ${v.entries} ledger entries and ${v.blobs} blobs hold`);
    console.log(
      v.witness
        ? `it holds the head witnessed at ${v.witness.at} (${v.witness.size} entries, ${v.witness.hash})`
        : "no witness to check against (MOGURA_LEDGER_WITNESS_FILE or --witness): entries cut off at the end would not show",
    );
    console.log(`last hash ${v.last_hash}`);
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

function printPackageCheck(file: string, v: PackageVerification): void {
  console.log(`${file}: ${v.entries} ledger entries, ${v.blobs} blobs`);
  console.log(
    `signed by key ${v.key_ids.join(", ") || "(none)"}: compare with the key id the provider publishes (GET /api/v1/evidence/public-key)`,
  );
  if (v.ok) {
    console.log("ok: every blob matches its hash and every entry its signature");
    return;
  }
  for (const p of v.problems)
    console.error(
      `${[p.file, p.seq !== undefined ? `entry ${p.seq}` : null].filter(Boolean).join(", ") || file}: ${p.reason}`,
    );
  throw new CliError(`BROKEN: ${v.problems.length} problem(s) in ${file}`, 4);
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
    .option(
      "--witness <file>",
      "with --local: check against the newest head in this witness file (default MOGURA_LEDGER_WITNESS_FILE)",
    )
    .action(async (opts: { local?: boolean; witness?: string }, sub: Command) => {
      const g = sub.optsWithGlobals<GlobalOptions>();
      if (!opts.local && !opts.witness && (g.apiKey ?? process.env.MOGURA_API_KEY)) {
        report(await clientOf(sub).request<LedgerVerification>("GET", "/api/v1/evidence/verify"));
        return;
      }
      const config = configOf(sub);
      const store = await openStoreFor(config);
      try {
        const witness = opts.witness ?? config.evidence.witnessFile;
        report(
          await verifyLedger(store, new BlobStore(blobDir(config)), witnessCheck(store, witness)),
        );
      } finally {
        await store.close();
      }
    });

  cmd
    .command("export")
    .description("download a case's evidence package (.tar.gz)")
    .argument("<case>", "case id")
    .option("-o, --output <file>", "where to write it (default: the name the server gives)")
    .option(
      "--audience <who>",
      "internal (everything) or customer (what the customer may see)",
      "internal",
    )
    .action(async (caseId: string, opts: { output?: string; audience: string }, sub: Command) => {
      if (!["internal", "customer"].includes(opts.audience))
        throw new CliError(`--audience is internal or customer, not "${opts.audience}"`, 2);
      const { bytes, filename } = await clientOf(sub).download(
        `/api/v1/cases/${encodeURIComponent(caseId)}/evidence-package?audience=${opts.audience}`,
      );
      const out = opts.output ?? filename ?? `mogura-case-${caseId}-${opts.audience}.tar.gz`;
      writeFileSync(out, bytes);
      console.log(`${out}\t${bytes.length} bytes`);
    });

  cmd
    .command("verify-package")
    .description(
      "check an evidence package offline: blobs, ledger entries and signatures (exit 4 if anything does not hold)",
    )
    .argument("<file>")
    .action((file: string) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new CliError(
          `${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
        );
      }
      printPackageCheck(file, verifyEvidencePackage(bytes));
    });
}
