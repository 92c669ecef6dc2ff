import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ScreenshotResult =
  | { ok: true; png: Buffer }
  | { ok: false; reason: string; unavailable?: boolean };

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * A PNG of a captured page, rendered by headless Chromium from the bytes Mogura fetched.
 * Chromium gets no network at all (every request goes to a proxy that does not exist):
 * left to fetch on its own it would resolve names and follow subresources past the
 * fetcher's address checks. So images and styles from elsewhere are missing from the
 * picture; the page's own HTML is what it shows. No profile is kept, downloads are off.
 */
export async function screenshotHtml(
  html: Buffer,
  baseUrl: string,
  opts: { chromium: string; timeoutMs: number },
): Promise<ScreenshotResult> {
  if (!existsSync(opts.chromium)) {
    return {
      ok: false,
      unavailable: true,
      reason: `no Chromium at ${opts.chromium} (MOGURA_CHROMIUM): no screenshot`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "mogura-shot-"));
  try {
    const page = join(dir, "page.html");
    const out = join(dir, "shot.png");
    // <base> makes relative links resolve as on the site; they go nowhere without network.
    writeFileSync(page, Buffer.concat([Buffer.from(`<base href="${escapeAttr(baseUrl)}">`), html]));
    const args = [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--disable-sync",
      "--hide-scrollbars",
      "--mute-audio",
      "--proxy-server=http://127.0.0.1:9",
      "--proxy-bypass-list=<-loopback>",
      `--user-data-dir=${join(dir, "profile")}`,
      "--window-size=1280,1600",
      `--screenshot=${out}`,
      `file://${page}`,
    ];
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(opts.chromium, args, { stdio: "ignore" });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve("timeout");
      }, opts.timeoutMs);
      child.once("error", (e) => {
        clearTimeout(timer);
        resolve(e.message);
      });
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c ?? "killed");
      });
    });
    if (code === "timeout")
      return { ok: false, reason: `Chromium took longer than ${opts.timeoutMs} ms` };
    if (!existsSync(out))
      return { ok: false, reason: `Chromium made no screenshot (exit ${code})` };
    return { ok: true, png: readFileSync(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
