import type { Command } from "commander";
import { ApiClient } from "../client/api-client.ts";
import { ConfigError, loadConfig } from "../config/load.ts";
import type { Config } from "../config/settings.ts";
import { StoreError } from "../store/database.ts";
import { openStore } from "../store/open-store.ts";
import { CliError } from "./output.ts";

export interface GlobalOptions {
  config?: string;
  url?: string;
  apiKey?: string;
}

/** The validated configuration for this command (YAML from --config, then the environment). */
export function configOf(cmd: Command): Config {
  const { config } = cmd.optsWithGlobals<GlobalOptions>();
  try {
    return loadConfig({ configFile: config });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
}

/** An API client for commands that read or change platform data. */
export function clientOf(cmd: Command): ApiClient {
  return new ApiClient(cmd.optsWithGlobals<GlobalOptions>());
}

/** Opens the database directly (offline commands); refuses clearly while a server holds PGlite. */
export async function openStoreFor(config: Config) {
  try {
    return await openStore(config);
  } catch (e) {
    if (e instanceof StoreError) throw new CliError(e.message);
    throw e;
  }
}
