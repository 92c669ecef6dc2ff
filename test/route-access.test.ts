import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "../src/domain/roles.ts";
import { installAccessControl, type RouteAccess } from "../src/server/access.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

/** Routes that declare no access rule (the walker the matrix relies on). */
const undeclared = (routes: RouteAccess[]) => routes.filter((r) => r.access === undefined);

function concretePath(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, "00000000-0000-4000-8000-000000000000").replace(/\*$/, "");
}

let p: TestPlatform;
const keys = {} as Record<Role, string>;

beforeAll(async () => {
  p = await startTestPlatform();
  for (const role of ALL_ROLES) {
    const r = await p.api("POST", "/api/v1/apikeys", { body: { name: `matrix-${role}`, role } });
    expect(r.status).toBe(201);
    keys[role] = r.body.key;
  }
});
afterAll(() => p?.stop());

describe("every route declares who may call it", () => {
  it("has no route without a declaration", () => {
    expect(p.routes.length).toBeGreaterThan(10);
    expect(undeclared(p.routes).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it("answers 401, 403 or passes exactly as each route declares, for every role", async () => {
    const wrong: string[] = [];
    for (const route of p.routes) {
      if (route.method === "HEAD" || route.method === "OPTIONS") continue;
      const path = concretePath(route.url);
      const body = ["POST", "PUT", "PATCH"].includes(route.method) ? {} : undefined;
      const anon = await p.api(route.method, path, { key: null, body });
      if (route.access === "public") {
        if ([401, 403].includes(anon.status))
          wrong.push(`${route.method} ${route.url} anonymous got ${anon.status}, declared public`);
        continue;
      }
      if (anon.status !== 401)
        wrong.push(`${route.method} ${route.url} anonymous got ${anon.status}, expected 401`);
      for (const role of ALL_ROLES) {
        const r = await p.api(route.method, path, { key: keys[role], body });
        const allowed = route.access?.includes(role) ?? false;
        if (allowed && [401, 403].includes(r.status))
          wrong.push(`${route.method} ${route.url} ${role} got ${r.status}, declared allowed`);
        if (!allowed && r.status !== 403)
          wrong.push(`${route.method} ${route.url} ${role} got ${r.status}, expected 403`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a route that forgot its declaration, and the walker finds it", async () => {
    const app = Fastify();
    const routes = installAccessControl(app, p.store.db);
    app.get("/forgotten", async () => ({ secret: true }));
    app.get("/declared", { config: { access: "public" } }, async () => ({ ok: true }));
    await app.ready();
    expect(undeclared(routes).map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /forgotten",
      "HEAD /forgotten",
    ]);
    const res = await app.inject({ method: "GET", url: "/forgotten" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("route_without_access");
    expect((await app.inject({ method: "GET", url: "/declared" })).statusCode).toBe(200);
    await app.close();
  });

  it("rejects an unknown or malformed bearer token with 401", async () => {
    expect((await p.api("GET", "/api/v1/apikeys", { key: "mgk_not-a-real-key" })).status).toBe(401);
    const r = await p.api("GET", "/api/v1/apikeys", {
      key: null,
      headers: { authorization: "Bearer" },
    });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("invalid_credentials");
  });
});
