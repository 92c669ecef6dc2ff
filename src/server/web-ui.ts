import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Where `vite build` writes the analyst UI. */
export const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

// The pages the UI routes itself; a reload on any of them gets the app.
const APP_PATHS = ["/", "/login", "/queue", "/cases/:id", "/quarantine", "/lookup", "/stats"];

// Only our own scripts run; captured pages are shown in a sandboxed frame from a blob, never
// as live HTML of this origin.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves the built analyst UI at `/` (static files, and the app for its own paths).
 * Without a build (web/dist missing) the API runs alone and `/` says how to build it.
 */
export async function serveWebUi(app: FastifyInstance): Promise<void> {
  const built = existsSync(`${WEB_DIST}index.html`);
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => {
      route.config = { ...route.config, access: "public" };
    });
    scope.addHook("onSend", async (_req, reply) => {
      reply.header("content-security-policy", CSP);
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "no-referrer");
    });
    if (!built) {
      scope.get("/", { schema: { hide: true } }, async (_req, reply) =>
        reply
          .type("text/plain; charset=utf-8")
          .send(
            "The web UI is not built: run `npm run build:web` (npm install does it).\nThe API is at /api/docs.\n",
          ),
      );
      return;
    }
    // Only reply.sendFile from the plugin: the file routes are ours, so a directory or a
    // missing file is a plain 404 and nothing outside web/dist/assets is reachable.
    await scope.register(fastifyStatic, { root: WEB_DIST, serve: false });
    scope.get("/assets/*", { schema: { hide: true } }, async (req, reply) => {
      const file = (req.params as { "*": string })["*"];
      const path = join(WEB_DIST, "assets", file);
      if (!file || file.includes("..") || !existsSync(path) || !statSync(path).isFile()) {
        return reply.code(404).type("text/plain").send("not found");
      }
      // Hashed file names: safe to keep for a year.
      return reply.sendFile(`assets/${file}`, WEB_DIST, { maxAge: "365d", immutable: true });
    });
    for (const path of APP_PATHS) {
      scope.get(path, { schema: { hide: true } }, async (_req, reply) =>
        reply.header("cache-control", "no-cache").sendFile("index.html", WEB_DIST),
      );
    }
  });
}
