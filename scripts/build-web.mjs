// Builds the analyst UI (web/ → web/dist) when it is missing or older than its sources.
// Runs after `npm install` and before `npm start`, so the README's two commands suffice.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const web = join(root, "web");
const index = join(web, "dist", "index.html");
const vite = join(root, "node_modules", "vite", "bin", "vite.js");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "dist" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(web)) process.exit(0);
if (existsSync(index) && statSync(index).mtimeMs >= newest(web)) process.exit(0);
if (!existsSync(vite)) {
  console.warn(
    "mogura: the web UI is not built (vite is not installed: npm install without --omit=dev builds it)",
  );
  process.exit(0);
}
console.log("mogura: building the web UI…");
const r = spawnSync(
  process.execPath,
  [vite, "build", "--config", join(web, "vite.config.ts"), "--logLevel", "warn"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
process.exit(r.status ?? 1);
