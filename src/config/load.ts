import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { type Config, ConfigSchema, listSettings, type SettingInfo } from "./settings.ts";

/** The configuration could not be used; `message` names every bad key, its value and what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of an optional YAML file; environment variables override it. */
  configFile?: string;
}

type Source = { kind: "env"; name: string } | { kind: "file"; file: string };

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([`cannot read config file ${file}: ${(e as Error).message}`]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ConfigError([`config file ${file} is not valid YAML: ${(e as Error).message}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new ConfigError([`config file ${file} must hold a mapping of settings at the top level`]);
  }
  return doc as Record<string, unknown>;
}

function flatten(obj: Record<string, unknown>, prefix = ""): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]): [string, unknown][] => {
    const path = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, path)
      : [[path, v]];
  });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split(".");
  let node = target;
  for (const p of parts.slice(0, -1)) {
    node[p] ??= {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Reads defaults, then the YAML file, then the environment, and validates the result. */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const settings = listSettings();
  const byPath = new Map<string, SettingInfo>(settings.map((s) => [s.path, s]));
  const raw: Record<string, unknown> = {};
  const sources = new Map<string, Source>();
  const problems: string[] = [];

  if (opts.configFile) {
    for (const [path, value] of flatten(readYaml(opts.configFile))) {
      if (!byPath.has(path)) {
        problems.push(`${path} in ${opts.configFile}: unknown setting`);
        continue;
      }
      setPath(raw, path, value);
      sources.set(path, { kind: "file", file: opts.configFile });
    }
  }
  for (const s of settings) {
    const v = env[s.env];
    if (v === undefined || v === "") continue;
    setPath(raw, s.path, v);
    sources.set(s.path, { kind: "env", name: s.env });
  }

  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.join(".");
      const info = byPath.get(path);
      const src = sources.get(path);
      const value = path
        .split(".")
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], raw);
      const setting = `${src?.kind === "env" ? src.name : src ? path : (info?.env ?? path)}=${show(value)}`;
      const where = src?.kind === "file" ? ` in ${src.file}` : "";
      problems.push(`${setting}${where}: expected ${info?.expected ?? issue.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: Config }).data;
}
