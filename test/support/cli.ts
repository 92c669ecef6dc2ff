import { spawn } from "node:child_process";
import { join } from "node:path";
import type { TestPlatform } from "./platform.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "mogura.js");

/** Runs the `mogura` command line in its own process against a running test server. */
export function runMogura(
  p: TestPlatform,
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runMoguraWith({ MOGURA_URL: p.url, MOGURA_API_KEY: p.adminKey }, args, input);
}

/** Runs the `mogura` command line in its own process with just these variables (and PATH). */
export function runMoguraWith(
  env: Record<string, string>,
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdin.end(input ?? "");
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
