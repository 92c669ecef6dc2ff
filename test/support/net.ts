import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";

/**
 * How much longer than on a quiet machine waits may take: MOGURA_TEST_SLOWDOWN if set, and
 * more while the machine is loaded beyond its cores (another build, a second suite), at
 * most 4 times. A deadline is for a thing that never comes, not for a busy machine.
 */
export function slowdown(): number {
  const asked = Number(process.env.MOGURA_TEST_SLOWDOWN ?? 1) || 1;
  const busy = loadavg()[0] ?? 0;
  return Math.min(4, Math.max(1, asked, busy / Math.max(1, cpus().length)));
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now. Drawn at random below the
 * kernel's ephemeral range (32768 and up): a port the kernel hands out for listen(0) comes
 * from the range every outgoing connection (a database client, another test file) also
 * draws from, so it could be taken again before the test binds it.
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const srv = createServer();
    const ok = await new Promise<boolean>((r) => {
      srv.once("error", () => r(false));
      srv.listen(port, "127.0.0.1", () => r(true));
    });
    if (ok) {
      await new Promise((r) => srv.close(r));
      return port;
    }
  }
  throw new Error("no free port between 20000 and 32000 after 50 tries");
}

/** Polls `check` until it returns a value; fails after `ms` (scaled by `slowdown()`). */
export async function until<T>(
  check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  ms = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + ms * slowdown();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
