// npm run bench — every benchmark in turn.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
for (const f of readdirSync(dir).filter(
  (f) => f.endsWith(".ts") && !["run.ts", "support.ts"].includes(f),
)) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(dir, f)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = 1;
}
