import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/load.ts";
import { listSettings } from "../src/config/settings.ts";

const yamlFile = (text: string) => {
  const f = join(mkdtempSync(join(tmpdir(), "mogura-cfg-")), "mogura.yaml");
  writeFileSync(f, text);
  return f;
};

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("has working defaults: embedded database under ./data, HTTP on 127.0.0.1:8080", () => {
    const c = loadConfig({ env: {} });
    expect(c.dataDir).toBe("./data");
    expect(c.databaseUrl).toBeUndefined();
    expect(c.http).toMatchObject({ host: "127.0.0.1", port: 8080, bodyLimit: 25 * 1024 * 1024 });
  });

  it("reads a YAML file and lets the environment override it", () => {
    const file = yamlFile("http:\n  port: 9000\n  host: 0.0.0.0\nlog:\n  level: debug\n");
    const c = loadConfig({
      configFile: file,
      env: { MOGURA_HTTP_PORT: "9100", MOGURA_HTTP_BODY_LIMIT: "2MB" },
    });
    expect(c.http.port).toBe(9100);
    expect(c.http.host).toBe("0.0.0.0");
    expect(c.http.bodyLimit).toBe(2 * 1024 * 1024);
    expect(c.log.level).toBe("debug");
  });

  it("names the variable, the value and what is expected for every bad value", () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: {
          MOGURA_HTTP_PORT: "eighty",
          MOGURA_COOKIE_SECURE: "maybe",
          DATABASE_URL: "mysql://x",
        },
      }),
    );
    expect(problems).toContain(
      'MOGURA_HTTP_PORT="eighty": expected an integer port from 0 to 65535 (0 picks a free port)',
    );
    expect(problems).toContain('MOGURA_COOKIE_SECURE="maybe": expected true or false');
    expect(problems).toContain(
      'DATABASE_URL="mysql://x": expected a URL such as postgres://user@host:5432/dbname',
    );
  });

  it("names the file and key for bad or unknown YAML settings", () => {
    const file = yamlFile("http:\n  prot: 1\n  port: 70000\n");
    const problems = problemsOf(() => loadConfig({ configFile: file, env: {} }));
    expect(problems).toContain(`http.prot in ${file}: unknown setting`);
    expect(problems).toContain(
      `http.port=70000 in ${file}: expected an integer port from 0 to 65535 (0 picks a free port)`,
    );
  });

  it("says so when the file is missing or not YAML", () => {
    expect(
      problemsOf(() => loadConfig({ configFile: "/nonexistent/mogura.yaml", env: {} }))[0],
    ).toMatch(/cannot read config file \/nonexistent\/mogura.yaml/);
    expect(
      problemsOf(() => loadConfig({ configFile: yamlFile("a: [unclosed"), env: {} }))[0],
    ).toMatch(/is not valid YAML/);
  });

  it("refuses a bootstrap admin key too short to be a secret", () => {
    expect(
      problemsOf(() => loadConfig({ env: { MOGURA_BOOTSTRAP_ADMIN_KEY: "admin" } }))[0],
    ).toContain("MOGURA_BOOTSTRAP_ADMIN_KEY");
  });

  it("is documented: the README's table lists every environment variable", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const missing = listSettings().filter((s) => !readme.includes(`| \`${s.env}\``));
    expect(missing.map((s) => s.env)).toEqual([]);
  });
});
