import { statfsSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadPolicy, PolicyError } from "../../cases/policy.ts";
import { ConfigError, loadConfig } from "../../config/load.ts";
import type { Config } from "../../config/settings.ts";
import { loadTemplates, TemplateError } from "../../notify/templates.ts";
import { lockHolder } from "../../store/data-dir-lock.ts";
import { migrationStatus } from "../../store/migrate.ts";
import { openStore } from "../../store/open-store.ts";
import type { GlobalOptions } from "../context.ts";
import { CliError } from "../output.ts";

type Verdict = "ok" | "warn" | "fail";
interface Check {
  name: string;
  verdict: Verdict;
  detail: string;
}

/**
 * Node.js 20.19 or newer: dependencies (cookie 2, content-disposition 3, vite 8) load ES
 * modules with require(), which older releases of 20 cannot; the server would not start.
 */
export function nodeIsRecentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once("error", (e) => done(e as NodeJS.ErrnoException));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => done(null)));
  });
}

async function mouraAnswers(config: Config): Promise<boolean> {
  try {
    const res = await fetch(`http://${config.http.host}:${config.http.port}/healthz`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function checkDatabase(config: Config): Promise<Check> {
  const name = "database";
  if (!config.databaseUrl) {
    const holder = lockHolder(resolve(config.dataDir));
    if (holder !== null) {
      return (await mouraAnswers(config))
        ? {
            name,
            verdict: "ok",
            detail: `embedded database in ${resolve(config.dataDir)} is held by the running server (pid ${holder})`,
          }
        : {
            name,
            verdict: "fail",
            detail: `embedded database is held by pid ${holder}, which does not answer on HTTP`,
          };
    }
  }
  try {
    const store = await openStore(config);
    try {
      const s = await migrationStatus(store);
      const pending = s.pending.length
        ? `; ${s.pending.length} migrations pending (applied at start)`
        : "";
      return {
        name,
        verdict: "ok",
        detail: `${store.kind} at ${store.location}: ${s.applied} migrations applied${pending}`,
      };
    } finally {
      await store.close();
    }
  } catch (e) {
    return { name, verdict: "fail", detail: (e as Error).message };
  }
}

async function checkPort(
  label: string,
  host: string,
  port: number,
  config: Config,
): Promise<Check> {
  const err = await portFree(host, port);
  if (!err) return { name: `${label} port`, verdict: "ok", detail: `${host}:${port} is free` };
  if (err.code === "EADDRINUSE" && (await mouraAnswers(config))) {
    return {
      name: `${label} port`,
      verdict: "ok",
      detail: `${host}:${port} is used by the running Mogura`,
    };
  }
  return {
    name: `${label} port`,
    verdict: "fail",
    detail: `${host}:${port}: ${err.code ?? err.message}`,
  };
}

function checkDisk(config: Config): Check {
  const dir = resolve(config.dataDir);
  try {
    const s = statfsSync(config.databaseUrl ? "." : dir);
    const free = s.bavail * s.bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    const verdict: Verdict = free < 100 * 1024 ** 2 ? "fail" : free < 1024 ** 3 ? "warn" : "ok";
    return { name: "free disk", verdict, detail: `${gib} GiB free for ${dir}` };
  } catch {
    return {
      name: "free disk",
      verdict: "warn",
      detail: `${dir} does not exist yet; it is created at first start`,
    };
  }
}

function checkPolicy(config: Config): Check {
  try {
    const p = loadPolicy(config.cases.policyFile);
    const types = Object.keys(p.sla.types).length;
    return {
      name: "case policy",
      verdict: "ok",
      detail: `${config.cases.policyFile ?? "the default policy"}: ${types} types with their own SLA, ${p.misuse_rules.length} misuse rules`,
    };
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return { name: "case policy", verdict: "fail", detail: e.message };
  }
}

function checkTemplates(config: Config): Check {
  try {
    const n = loadTemplates(config.notify.templateDir).files().length;
    return { name: "templates", verdict: "ok", detail: `${n} notice templates load and render` };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { name: "templates", verdict: "fail", detail: e.message };
  }
}

/** `mogura doctor`: checks configuration, database, ports and disk, and says what to fix. */
export function doctorCommand(program: Command) {
  program
    .command("doctor")
    .description("check configuration, database, ports and free disk")
    .action(async (_o, cmd: Command) => {
      const checks: Check[] = [];
      const nodeOk = nodeIsRecentEnough(process.versions.node);
      checks.push({
        name: "node",
        verdict: nodeOk ? "ok" : "fail",
        detail: `Node.js ${process.versions.node}${nodeOk ? "" : " (20.19 or newer needed)"}`,
      });
      let config: Config | null = null;
      try {
        config = loadConfig({ configFile: cmd.optsWithGlobals<GlobalOptions>().config });
        checks.push({ name: "configuration", verdict: "ok", detail: "valid" });
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        checks.push({ name: "configuration", verdict: "fail", detail: e.problems.join("; ") });
      }
      if (config) {
        checks.push(await checkDatabase(config));
        checks.push(await checkPort("HTTP", config.http.host, config.http.port, config));
        checks.push(await checkPort("SMTP", config.smtp.host, config.smtp.port, config));
        checks.push(checkDisk(config));
        checks.push(checkPolicy(config));
        checks.push(checkTemplates(config));
      }
      for (const c of checks)
        console.log(`${c.verdict.padEnd(4)}  ${c.name.padEnd(13)}  ${c.detail}`);
      const failed = checks.filter((c) => c.verdict === "fail").length;
      if (failed > 0) throw new CliError(`${failed} check(s) failed`);
    });
}
