import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** A registry of this app's own (tests run several apps in one process). */
export function installMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "mogura_" });
  const duration = new Histogram({
    name: "mogura_http_request_duration_seconds",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (req, reply) => {
    duration.observe(
      {
        method: req.method,
        route: req.is404 ? "unmatched" : req.routeOptions.url,
        status: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });
  return registry;
}
