import { CliError } from "./output.ts";

export interface ClientOptions {
  url?: string;
  apiKey?: string;
}

/** Talks to a Mogura server's API, locally or remote, with an API key. */
export class ApiClient {
  readonly baseUrl: string;
  private readonly apiKey: string;

  constructor(opts: ClientOptions, env: NodeJS.ProcessEnv = process.env) {
    this.baseUrl = (opts.url ?? env.MOGURA_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
    const key = opts.apiKey ?? env.MOGURA_API_KEY;
    if (!key) {
      throw new CliError(
        "no API key: set MOGURA_API_KEY or pass --api-key (the admin key is printed on the first start)",
        2,
      );
    }
    this.apiKey = key;
  }

  /** Sends a request; a non-2xx answer becomes a CliError with the server's message. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new CliError(
        `cannot reach Mogura at ${this.baseUrl} (${cause}): is the server running? Set MOGURA_URL or --url`,
      );
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      throw new CliError(
        `${res.status}: ${this.baseUrl} did not answer with JSON; is MOGURA_URL a Mogura server?`,
      );
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new CliError(`${res.status} ${err?.code ?? res.statusText}: ${err?.message ?? text}`);
    }
    return data as T;
  }
}
