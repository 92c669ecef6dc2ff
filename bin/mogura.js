#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
// `mogura … | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});
const { runCli } = await import("../src/cli/main.ts");
process.exitCode = await runCli(process.argv);
