import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ http: { bodyLimit: 4096 } });
});
afterAll(() => p?.stop());

describe("HTTP basics", () => {
  it("answers /healthz and /readyz with the database kind", async () => {
    expect((await p.api("GET", "/healthz", { key: null })).body).toEqual({ status: "ok" });
    const ready = await p.api("GET", "/readyz", { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", database: p.store.kind });
  });

  it("serves Prometheus metrics that count requests by route, to staff keys only", async () => {
    await p.api("GET", "/healthz", { key: null });
    expect((await p.api("GET", "/metrics", { key: null })).status).toBe(401);
    const m = await p.api("GET", "/metrics");
    expect(m.headers.get("content-type")).toContain("text/plain");
    expect(m.body).toMatch(
      /mogura_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(m.body).toContain("mogura_process_cpu_seconds_total");
  });

  it("serves metrics without a key where the operator says so", async () => {
    const open = await startTestPlatform({ http: { metricsPublic: true } });
    try {
      const m = await open.api("GET", "/metrics", { key: null });
      expect(m.status).toBe(200);
      expect(m.body).toContain("mogura_process_cpu_seconds_total");
    } finally {
      await open.stop();
    }
  });

  it("publishes an OpenAPI 3 document generated from the schemas, and browsable docs", async () => {
    const spec = await p.api("GET", "/api/openapi.json", { key: null });
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    const login = spec.body.paths["/api/v1/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema.required).toEqual([
      "username",
      "password",
    ]);
    expect(spec.body.paths["/api/v1/apikeys"].post).toBeDefined();
    const docs = await fetch(`${p.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger");
  });

  it("answers unknown routes with a JSON error", async () => {
    const r = await p.api("GET", "/no/such/route");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    expect(r.body.error.message).toContain("/no/such/route");
  });

  it("answers malformed JSON with 400 invalid_json, and the server stays up", async () => {
    const r = await p.api("POST", "/api/v1/apikeys", {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_json");
    expect((await p.api("GET", "/healthz")).status).toBe(200);
  });

  it("refuses a body over the configured limit with 413", async () => {
    const r = await p.api("POST", "/api/v1/apikeys", {
      body: { name: "x".repeat(5000), role: "viewer" },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("body_too_large");
    expect(r.body.error.message).toContain("4096");
  });

  it("names the invalid field in validation errors", async () => {
    const r = await p.api("POST", "/api/v1/apikeys", { body: { name: "k", role: "emperor" } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.message).toContain("role");
  });

  it("echoes a given request id, or makes one", async () => {
    const given = await p.api("GET", "/healthz", { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const made = await p.api("GET", "/healthz");
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
