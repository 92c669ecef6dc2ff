import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { ConfigSchema } from "../../src/config/settings.ts";
import { type RunningDemo, startDemo } from "../../src/demo/run-demo.ts";
import { testStore } from "./database.ts";

/** The default demo (seed 1, 300 events) on the test database, on free ports, quiet. */
export async function startTestDemo(name: string): Promise<RunningDemo> {
  const config = ConfigSchema.parse({
    http: { port: 0 },
    smtp: { port: 0 },
    log: { level: "silent" },
    jobs: { pollSeconds: 0.5 },
  });
  return startDemo(config, pino({ level: "silent" }), {
    seed: 1,
    events: 300,
    store: await testStore(),
    dataDir: mkdtempSync(join(tmpdir(), `mogura-${name}-`)),
  });
}
