import { rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { writeDayFiles, writeProviderFiles } from "../../demo/files.ts";
import { generateProvider, loadProviderSpec } from "../../demo/provider.ts";
import { DEMO_USER, DemoStopped, type RunningDemo, startDemo } from "../../demo/run-demo.ts";
import { generateDay } from "../../demo/traffic.ts";
import { createLogger, logStrayRejections } from "../../server/logger.ts";
import { StartError } from "../../server/platform.ts";
import { StoreError } from "../../store/database.ts";
import { configOf } from "../context.ts";
import { CliError } from "../output.ts";
import { waitForSignal } from "./serve.ts";

const DEFAULT_EVENTS = 300;

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`${what} must be a whole number above 0`, 2);
  return n;
};

/** `mogura demo`: a throw-away desk with a fictional provider and a day of abuse traffic. */
export function demoCommand(program: Command) {
  program
    .command("demo")
    .description(
      "start a throw-away Mogura with a fictional provider and a day of abuse traffic played in through SMTP and the API",
    )
    .option("--scale <events>", "events in the day of traffic", positive("--scale"), DEFAULT_EVENTS)
    .option(
      "--seed <n>",
      "seed of the generator (same seed, same provider and day)",
      positive("--seed"),
      1,
    )
    .option("--data-dir <dir>", "keep the demo's data here instead of a temporary directory")
    .option("--keep", "keep the temporary data directory after the demo stops")
    .option(
      "--write <dir>",
      "write the provider (inventory CSVs) and the day's inputs (mails, reports, feeds) as files, and start nothing",
    )
    .action(async (opts, cmd: Command) => {
      if (opts.write) return writeFiles(resolve(opts.write), opts.seed, opts.scale);
      const config = configOf(cmd);
      const logger = createLogger(process.env.MOGURA_LOG_LEVEL ? config.log.level : "error");
      logStrayRejections(logger);
      const stopRequested = waitForSignal();
      const abort = new AbortController();
      void stopRequested.then(() => abort.abort());
      const started = Date.now();
      let demo: RunningDemo;
      try {
        demo = await startDemo(config, logger, {
          seed: opts.seed,
          events: opts.scale,
          ...(opts.dataDir ? { dataDir: resolve(opts.dataDir) } : {}),
          say: (line) => process.stdout.write(`  ${line}\n`),
          signal: abort.signal,
        });
      } catch (e) {
        if (e instanceof DemoStopped) {
          process.stdout.write("  Stopped.\n");
          return;
        }
        if (e instanceof StoreError || e instanceof StartError) throw new CliError(e.message);
        throw e;
      }
      process.stdout.write(
        welcome(demo, (Date.now() - started) / 1000, !opts.dataDir && !opts.keep),
      );
      await stopRequested;
      process.stdout.write("  Stopping the demo …\n");
      await demo.stop();
      if (!opts.dataDir && !opts.keep) rmSync(demo.dataDir, { recursive: true, force: true });
    });
}

function writeFiles(dir: string, seed: number, events: number) {
  const now = new Date();
  const provider = generateProvider(loadProviderSpec(), {
    seed,
    customers: Math.max(50, Math.round(events / 20)),
    today: now,
  });
  // Written files are replayed without the demo's web sites: their URLs use a fixed port.
  const day = generateDay(provider, { seed, events, now, sitePort: 8443 });
  writeProviderFiles(provider, `${dir}/inventory`);
  const n = writeDayFiles(day, `${dir}/traffic`);
  process.stdout.write(
    [
      `Wrote ${provider.inventory.customers.length} customers, ${provider.services.length} services to ${dir}/inventory`,
      `and ${n} inputs to ${dir}/traffic (mail/*.eml, api/*.json, files/*.csv|json).`,
      "Load them into a running server with:",
      `  npx mogura inventory import --dir ${dir}/inventory`,
      `  npx mogura ingest ${dir}/traffic/mail/*.eml ${dir}/traffic/api/*.json ${dir}/traffic/files/*`,
      "",
    ].join("\n"),
  );
}

/** What the user sees once the desk is ready: where to go, how to sign in, what to open first. */
function welcome(demo: RunningDemo, seconds: number, throwAway: boolean): string {
  const { spec } = demo.provider;
  const tour = demo.provider.services.find((s) => s.id === demo.day.tour.serviceId);
  const url = demo.platform.url;
  const c = demo.counts;
  return [
    "",
    `  Mogura demo is ready (${seconds.toFixed(0)} s): ${spec.company.name} (${spec.company.name_ja}) after a day of abuse reports.`,
    "",
    `    Open          ${url}/`,
    `    Sign in as    ${DEMO_USER.username} / ${DEMO_USER.password}`,
    "",
    `  Start with case #${demo.tourCaseId}: phishing imitating ${tour?.brand?.name ?? "a bank"} on VPS ${demo.day.tour.serviceId}`,
    `  (customer ${demo.day.tour.customerId}, contract a few days old, identity not checked).`,
    `  Look at its evidence, send the customer the notice, answer it through the portal link in`,
    `  the mail, close the case. The guided tour: docs/tour.md`,
    "",
    `    Reports       ${c.reports} received, ${c.quarantined} in quarantine (broken on purpose), ${c.cases} cases`,
    `    Mail sent     ${demo.world.outboxUrl}  (acknowledgements and notices; .eml files in ${demo.dataDir}/outbox)`,
    `    SMTP intake   127.0.0.1:${demo.platform.smtpPort}  (mail to ${spec.company.abuse} comes in as reports)`,
    `    API           ${url}/api/docs   (admin key: ${demo.adminKey})`,
    `    Data          ${demo.dataDir}${throwAway ? "  (removed when the demo stops; --keep keeps it)" : ""}`,
    "",
    "  Ctrl-C stops the demo.",
    "",
  ].join("\n");
}
