import { ClientError } from "./client-error.ts";

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
      throw new ClientError(
        "no API key: set MOGURA_API_KEY or pass --api-key (the admin key is printed on the first start)",
        2,
      );
    }
    this.apiKey = key;
  }

  /** Sends a JSON request; a non-2xx answer becomes a ClientError with the server's message. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return body === undefined
      ? this.send<T>(method, path, {})
      : this.send<T>(method, path, { "content-type": "application/json" }, JSON.stringify(body));
  }

  /** Sends bytes (a file, streamed) with their content type. */
  upload<T>(
    path: string,
    contentType: string,
    body: BodyInit,
    headers: Record<string, string> = {},
  ): Promise<T> {
    return this.send<T>("POST", path, { "content-type": contentType, ...headers }, body);
  }

  /** Downloads a file the server names (an evidence package); an error answer says why. */
  async download(path: string): Promise<{ bytes: Buffer; filename: string | null }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${this.apiKey}` },
      });
    } catch (e) {
      throw new ClientError(`cannot reach Mogura at ${this.baseUrl}: ${(e as Error).message}`);
    }
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // not JSON: the text is the message
      }
      throw new ClientError(`${res.status}: ${message}`);
    }
    const cd = res.headers.get("content-disposition") ?? "";
    const filename = /filename="([^"/\\]+)"/.exec(cd)?.[1] ?? null;
    return { bytes: Buffer.from(await res.arrayBuffer()), filename };
  }

  /** Fetches bytes (a report's raw content). */
  async bytes(path: string): Promise<Buffer> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
    if (!res.ok) throw new ClientError(`${res.status}: could not fetch ${path}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private async send<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: BodyInit,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...headers },
        body,
        // A streamed body (a large file) needs half-duplex mode.
        ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new ClientError(
        `cannot reach Mogura at ${this.baseUrl} (${cause}): is the server running? Set MOGURA_URL or --url`,
      );
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      throw new ClientError(
        `${res.status}: ${this.baseUrl} did not answer with JSON; is MOGURA_URL a Mogura server?`,
      );
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ClientError(
        `${res.status} ${err?.code ?? res.statusText}: ${err?.message ?? text}`,
      );
    }
    return data as T;
  }
}
