import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { z } from "zod";
import type { CaseEngine } from "../cases/engine.ts";
import type { Config } from "../config/settings.ts";
import type { ContactsEngine } from "../contacts/engine.ts";
import { MoguraReport } from "../domain/report-json.ts";
import type { EvidenceEngine } from "../evidence/engine.ts";
import type { Intake } from "../intake/intake.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { NotifyDeps } from "../notify/notices.ts";
import type { Store } from "../store/database.ts";
import type { TakedownDeps } from "../takedown/takedown-service.ts";
import { installAccessControl, type RouteAccess, SESSION_COOKIE } from "./access.ts";
import type { AppContext, ZodApp } from "./context.ts";
import { installErrorHandling } from "./errors.ts";
import { installMetrics } from "./metrics.ts";
import { apiKeyRoutes } from "./routes/api-keys.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { caseRoutes } from "./routes/cases.ts";
import { contactRoutes } from "./routes/contacts.ts";
import { evidenceRoutes } from "./routes/evidence.ts";
import { healthRoutes } from "./routes/health.ts";
import { inventoryRoutes } from "./routes/inventory.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { meRoutes } from "./routes/me.ts";
import { noticeRoutes } from "./routes/notices.ts";
import { portalRoutes } from "./routes/portal.ts";
import { quarantineRoutes } from "./routes/quarantine.ts";
import { reportRoutes } from "./routes/reports.ts";
import { resolveRoutes } from "./routes/resolve.ts";
import { statsRoutes } from "./routes/stats.ts";
import { takedownRoutes } from "./routes/takedown.ts";
import { userRoutes } from "./routes/users.ts";
import { watchRoutes } from "./routes/watch.ts";
import { serveWebUi } from "./web-ui.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export interface BuildAppOptions {
  store: Store;
  config: Config;
  jobs: JobQueue | null;
  intake: Intake;
  cases: CaseEngine;
  evidence: EvidenceEngine;
  notify: NotifyDeps;
  contacts: ContactsEngine;
  takedown: TakedownDeps;
  logger: Logger;
}

export interface MoguraApp {
  app: ZodApp;
  /** Every route with its declared access, for the route/role test and the docs. */
  routes: RouteAccess[];
}

/** Assembles the HTTP API: auth, errors, metrics, OpenAPI and every route module. */
export async function buildApp(opts: BuildAppOptions): Promise<MoguraApp> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.config.http.bodyLimit,
    trustProxy: opts.config.http.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  await app.register(fastifyCookie);
  installErrorHandling(app, opts.config.http.bodyLimit);
  const routes = installAccessControl(app, opts.store.db);
  const metrics = installMetrics(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Mogura API",
        version: pkg.version,
        description:
          "Abuse handling and takedown coordination. Authenticate with `Authorization: Bearer <API key>`, or sign in at /api/v1/auth/login and send the x-csrf-token header on changes.",
      },
      components: {
        schemas: {
          MoguraReport: z.toJSONSchema(MoguraReport, {
            io: "input",
            target: "openapi-3.0",
            unrepresentable: "any",
          }) as Record<string, unknown>,
        },
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "An API key from `mogura apikey create`",
          },
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The docs UI is public like the spec it shows; its routes are declared here, in one place.
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => {
      route.config = { ...route.config, access: "public" };
    });
    await scope.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  });

  const ctx: AppContext = {
    store: opts.store,
    config: opts.config,
    jobs: opts.jobs,
    intake: opts.intake,
    cases: opts.cases,
    evidence: opts.evidence,
    notify: opts.notify,
    contacts: opts.contacts,
    takedown: opts.takedown,
    metrics,
  };
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  apiKeyRoutes(app, ctx);
  userRoutes(app, ctx);
  auditRoutes(app, ctx);
  jobRoutes(app, ctx);
  await app.register(async (scope) => reportRoutes(scope as ZodApp, ctx));
  quarantineRoutes(app, ctx);
  inventoryRoutes(app, ctx);
  caseRoutes(app, ctx);
  statsRoutes(app, ctx);
  evidenceRoutes(app, ctx);
  noticeRoutes(app, ctx);
  meRoutes(app, ctx);
  resolveRoutes(app, ctx);
  contactRoutes(app, ctx);
  takedownRoutes(app, ctx);
  watchRoutes(app, ctx);
  await app.register(async (scope) => portalRoutes(scope as ZodApp, ctx));
  await serveWebUi(app);

  await app.ready();
  return { app, routes };
}
