// Generated from the server's OpenAPI document by `npm run gen:api-types`
// (scripts/gen-api-types.ts). Do not edit: change the routes' zod schemas and run it again.

export interface paths {
  "/healthz": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is up */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              status: "ok";
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/readyz": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The database answers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              status: "ready";
              /** @enum {string} */
              database: "pglite" | "postgres";
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              status: "unavailable";
              /** @enum {string} */
              database: "pglite" | "postgres";
              message: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/metrics": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with user name and password; sets an HttpOnly session cookie */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            username: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              user: {
                /** Format: uuid */
                id: string;
                username: string;
                display_name: string;
                /** @enum {string} */
                role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
                created_at: string;
                password_changed_at: string;
                disabled: boolean;
              };
              /** @description send it as the x-csrf-token header on every POST, PUT, PATCH and DELETE */
              csrf_token: string;
              expires_at: string;
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End this browser session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": null;
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/session": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is calling */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              kind: "apikey" | "user";
              name: string;
              /** @enum {string} */
              role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
              csrf_token?: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/password": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change one's own password; ends all of one's sessions */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            current_password: string;
            new_password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": null;
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/apikeys": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All API keys (never the keys themselves) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                /** Format: uuid */
                id: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
                /** @description the first characters of the key, to recognise it */
                prefix: string;
                created_at: string;
                created_by: string;
                last_used_at: string | null;
                revoked_at: string | null;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API key; the answer is the only time the key is shown */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            /** @enum {string} */
            role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              key: string;
              info: {
                /** Format: uuid */
                id: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
                /** @description the first characters of the key, to recognise it */
                prefix: string;
                created_at: string;
                created_by: string;
                last_used_at: string | null;
                revoked_at: string | null;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/apikeys/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key at once */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              name: string;
              /** @enum {string} */
              role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
              /** @description the first characters of the key, to recognise it */
              prefix: string;
              created_at: string;
              created_by: string;
              last_used_at: string | null;
              revoked_at: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/users": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All user accounts */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                /** Format: uuid */
                id: string;
                username: string;
                display_name: string;
                /** @enum {string} */
                role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
                created_at: string;
                password_changed_at: string;
                disabled: boolean;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Create a user account */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            username: string;
            password: string;
            /** @enum {string} */
            role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
            display_name?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              username: string;
              display_name: string;
              /** @enum {string} */
              role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
              created_at: string;
              password_changed_at: string;
              disabled: boolean;
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/users/{username}/password": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Set a user's password; ends the user's sessions */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          username: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              username: string;
              display_name: string;
              /** @enum {string} */
              role: "admin" | "analyst" | "viewer" | "reporter" | "law_enforcement" | "partner";
              created_at: string;
              password_changed_at: string;
              disabled: boolean;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/audit": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Audit entries after a sequence number, oldest first */
    get: {
      parameters: {
        query?: {
          after?: number;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                seq: number;
                /** @description UTC ISO-8601 time of the entry */
                at: string;
                /** @description who: apikey:<name>, user:<username> or system */
                actor: string;
                action: string;
                target: string;
                details: {
                  [key: string]: unknown;
                };
                prev_hash: string;
                hash: string;
              }[];
              next_after: number | null;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/audit/verify": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recompute the hash chain and report the first broken entry */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              ok: boolean;
              /** @description entries checked */
              entries: number;
              /** @description hash of the newest entry; keep it elsewhere to detect truncation */
              last_hash: string;
              /** @description the first entry that does not hold */
              problem?: {
                seq: number;
                reason: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/jobs/failed": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Jobs that failed after all retries, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: string;
                name: string;
                /** @enum {string} */
                state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
                retry_count: number;
                retry_limit: number;
                created_on: string;
                started_on: string | null;
                completed_on: string | null;
                output: unknown;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/reports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reports, newest first (a reporter sees only its own) */
    get: {
      parameters: {
        query?: {
          status?: "queued" | "processed" | "quarantined";
          channel?: "api" | "smtp" | "file";
          tracking_number?: string;
          limit?: number;
          /** @description the next_cursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                /** Format: uuid */
                id: string;
                tracking_number: string;
                /** @enum {string} */
                channel: "api" | "smtp" | "file";
                /** @enum {string} */
                status: "queued" | "processed" | "quarantined";
                received_at: string;
                size: number;
                sha256: string;
                content_type: string | null;
                filename: string | null;
                format: string | null;
                sender: string | null;
                message_id: string | null;
                parser: string | null;
                /** @description why it was quarantined */
                reason: string | null;
                /** @description new events stored */
                event_count: number;
                /** @description events already known, counted on the existing event */
                duplicate_count: number;
                processed_at: string | null;
                meta: {
                  [key: string]: unknown;
                };
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Submit an abuse report
     * @description The body is kept byte for byte, then parsed in the background. Accepted types: `application/json` (the Mogura report JSON, see the MoguraReport schema, or an XARF v4 document), `message/rfc822` (an abuse mail: ARF, X-ARF, XARF attachment, fail2ban or free text), `text/csv` (a Shadowserver-style report; name its type with `format` or `filename`), `text/plain` (a person's free text). Repeat a request with the same `Idempotency-Key` header to get the first answer.
     */
    post: {
      parameters: {
        query?: {
          /** @description the report type of a CSV, e.g. scan_rdp or event4_sinkhole_http */
          format?: string;
          filename?: string;
        };
        header?: {
          "idempotency-key"?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              tracking_number: string;
              /** @enum {string} */
              status: "queued" | "processed" | "quarantined";
              /** @description true when this repeats a report already received (same mail or Idempotency-Key) */
              duplicate: boolean;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/reports/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One report: its status, and the events it produced */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              tracking_number: string;
              /** @enum {string} */
              channel: "api" | "smtp" | "file";
              /** @enum {string} */
              status: "queued" | "processed" | "quarantined";
              received_at: string;
              size: number;
              sha256: string;
              content_type: string | null;
              filename: string | null;
              format: string | null;
              sender: string | null;
              message_id: string | null;
              parser: string | null;
              /** @description why it was quarantined */
              reason: string | null;
              /** @description new events stored */
              event_count: number;
              /** @description events already known, counted on the existing event */
              duplicate_count: number;
              processed_at: string | null;
              meta: {
                [key: string]: unknown;
              };
              /** @description events this report stored (the first 1000) */
              event_ids: string[];
              /** @description events already known that this report saw again (the first 1000) */
              sighted_event_ids: string[];
              /** @description cases its events (new or seen again) are on; empty until they are routed */
              case_ids: number[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/reports/{id}/raw": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The report's bytes exactly as they arrived */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/quarantine": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Quarantined reports with the reason, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                /** Format: uuid */
                id: string;
                tracking_number: string;
                /** @enum {string} */
                channel: "api" | "smtp" | "file";
                /** @enum {string} */
                status: "queued" | "processed" | "quarantined";
                received_at: string;
                size: number;
                sha256: string;
                content_type: string | null;
                filename: string | null;
                format: string | null;
                sender: string | null;
                message_id: string | null;
                parser: string | null;
                /** @description why it was quarantined */
                reason: string | null;
                /** @description new events stored */
                event_count: number;
                /** @description events already known, counted on the existing event */
                duplicate_count: number;
                processed_at: string | null;
                meta: {
                  [key: string]: unknown;
                };
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/quarantine/{id}/reinject": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Process a quarantined report again with today's parsers */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** Format: uuid */
              id: string;
              tracking_number: string;
              /** @enum {string} */
              status: "queued";
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/import": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Bulk upsert (teams, customers, services, netblocks, domains), as the CSV files have them
     * @description Idempotent: rows are matched by their external ids (CIDR and domain with their validity for assignments). A new holder for a netblock or domain ends the current assignment the day the new one starts. Rows that do not hold are rejected one by one with the reason; the rest goes in. Rows may carry `source: {file, line}` to have rejections name them.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @default [] */
            teams?: unknown[];
            /** @default [] */
            customers?: unknown[];
            /** @default [] */
            services?: unknown[];
            /** @default [] */
            netblocks?: unknown[];
            /** @default [] */
            domains?: unknown[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/teams": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List teams */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          /** @description text in the id or name */
          q?: string;
          service_id?: string;
          customer_id?: string;
          team_id?: string;
          /** @description netblocks holding this address */
          ip?: string;
          /** @description only assignments that hold now */
          current?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: string;
                name: string;
                email: string | null;
                company: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /** Create or update one team (the bulk upsert's rules) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/teams/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One team */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              name: string;
              email: string | null;
              company: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete one team nothing refers to */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              deleted: boolean;
              ended: boolean;
              item: {
                id: string;
                name: string;
                email: string | null;
                company: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change fields of one team (name, email, company) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              name: string;
              email: string | null;
              company: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/api/v1/inventory/customers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List customers */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          /** @description text in the id or name */
          q?: string;
          service_id?: string;
          customer_id?: string;
          team_id?: string;
          /** @description netblocks holding this address */
          ip?: string;
          /** @description only assignments that hold now */
          current?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: string;
                name: string;
                email: string | null;
                phone: string | null;
                country: string | null;
                verification: string;
                language: string;
                abuse_email: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /** Create or update one customer (the bulk upsert's rules) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/customers/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One customer */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              name: string;
              email: string | null;
              phone: string | null;
              country: string | null;
              verification: string;
              language: string;
              abuse_email: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete one customer nothing refers to */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              deleted: boolean;
              ended: boolean;
              item: {
                id: string;
                name: string;
                email: string | null;
                phone: string | null;
                country: string | null;
                verification: string;
                language: string;
                abuse_email: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change fields of one customer (name, email, phone, country, verification, language, abuse_email) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              name: string;
              email: string | null;
              phone: string | null;
              country: string | null;
              verification: string;
              language: string;
              abuse_email: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/api/v1/inventory/services": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List services */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          /** @description text in the id or name */
          q?: string;
          service_id?: string;
          customer_id?: string;
          team_id?: string;
          /** @description netblocks holding this address */
          ip?: string;
          /** @description only assignments that hold now */
          current?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: string;
                customer_id: string;
                /** @enum {string} */
                type: "shared" | "vps" | "dedicated" | "cloud" | "reseller" | "colocation";
                plan: string | null;
                team_id: string;
                valid_from: string;
                valid_to: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /** Create or update one service (the bulk upsert's rules) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/services/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One service */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              customer_id: string;
              /** @enum {string} */
              type: "shared" | "vps" | "dedicated" | "cloud" | "reseller" | "colocation";
              plan: string | null;
              team_id: string;
              valid_from: string;
              valid_to: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete one service nothing refers to */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              deleted: boolean;
              ended: boolean;
              item: {
                id: string;
                customer_id: string;
                /** @enum {string} */
                type: "shared" | "vps" | "dedicated" | "cloud" | "reseller" | "colocation";
                plan: string | null;
                team_id: string;
                valid_from: string;
                valid_to: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change fields of one service (type, plan, team_id, valid_from, valid_to) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: string;
              customer_id: string;
              /** @enum {string} */
              type: "shared" | "vps" | "dedicated" | "cloud" | "reseller" | "colocation";
              plan: string | null;
              team_id: string;
              valid_from: string;
              valid_to: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/api/v1/inventory/netblocks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List netblocks */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          /** @description text in the id or name */
          q?: string;
          service_id?: string;
          customer_id?: string;
          team_id?: string;
          /** @description netblocks holding this address */
          ip?: string;
          /** @description only assignments that hold now */
          current?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                cidr: string;
                service_id: string | null;
                team_id: string | null;
                shared: boolean;
                valid_from: string;
                /** @description exclusive end; null while it holds */
                valid_to: string | null;
                note: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /** Create or update one netblock (the bulk upsert's rules) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/netblocks/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One netblock */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              cidr: string;
              service_id: string | null;
              team_id: string | null;
              shared: boolean;
              valid_from: string;
              /** @description exclusive end; null while it holds */
              valid_to: string | null;
              note: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** End one netblock assignment now (history stays) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              deleted: boolean;
              ended: boolean;
              item: {
                id: number;
                cidr: string;
                service_id: string | null;
                team_id: string | null;
                shared: boolean;
                valid_from: string;
                /** @description exclusive end; null while it holds */
                valid_to: string | null;
                note: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Change fields of one netblock (valid_to, note)
     * @description An assignment's holder never changes in place: create the new assignment (POST) and the current one ends the day it starts.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              cidr: string;
              service_id: string | null;
              team_id: string | null;
              shared: boolean;
              valid_from: string;
              /** @description exclusive end; null while it holds */
              valid_to: string | null;
              note: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/api/v1/inventory/domains": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List domains */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          /** @description text in the id or name */
          q?: string;
          service_id?: string;
          customer_id?: string;
          team_id?: string;
          /** @description netblocks holding this address */
          ip?: string;
          /** @description only assignments that hold now */
          current?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                domain: string;
                service_id: string;
                valid_from: string;
                /** @description exclusive end; null while it holds */
                valid_to: string | null;
              }[];
              next_cursor: string | null;
            };
          };
        };
      };
    };
    put?: never;
    /** Create or update one domain (the bulk upsert's rules) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              teams: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              customers: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              services: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              netblocks: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              domains: {
                created: number;
                updated: number;
                unchanged: number;
                rejected: number;
              };
              /** @description assignments whose validity was ended because a newer one replaces them */
              closed: number;
              rejections: {
                /** @enum {string} */
                kind: "teams" | "customers" | "services" | "netblocks" | "domains";
                /** @description position of the row in its list, from 0 */
                index: number;
                file?: string;
                line?: number;
                /** @description the row's id, CIDR or domain */
                key?: string;
                reason: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/inventory/domains/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One domain */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              domain: string;
              service_id: string;
              valid_from: string;
              /** @description exclusive end; null while it holds */
              valid_to: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** End one domain assignment now (history stays) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              deleted: boolean;
              ended: boolean;
              item: {
                id: number;
                domain: string;
                service_id: string;
                valid_from: string;
                /** @description exclusive end; null while it holds */
                valid_to: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Change fields of one domain (valid_to)
     * @description An assignment's holder never changes in place: create the new assignment (POST) and the current one ends the day it starts.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              domain: string;
              service_id: string;
              valid_from: string;
              /** @description exclusive end; null while it holds */
              valid_to: string | null;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  "/api/v1/cases": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The case queue: filters, search by resource, nearest deadline first */
    get: {
      parameters: {
        query?: {
          /** @description one state, or several separated by commas; `open` means every state but closed and rejected */
          state?: string;
          /** @description classification type */
          type?: string;
          team?: string;
          customer?: string;
          service?: string;
          assignee?: string;
          ownership?: "customer" | "platform" | "not_ours";
          misuse_type?:
            | "fraudulent_contract"
            | "compromised_customer"
            | "downstream_reseller"
            | "grey_use"
            | "undetermined";
          /** @description cases whose deadline was missed (or is already past) */
          breach?: "any" | "first_action" | "resolution" | "none";
          reemerged?: "true" | "false";
          /** @description an IP, a CIDR (cases with an event inside it) or a domain (and its sub-domains) */
          resource?: string;
          /** @description text in the resource, ids or notes */
          q?: string;
          sort?: "deadline" | "newest" | "updated";
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                /** @enum {string} */
                state:
                  | "new"
                  | "acknowledged"
                  | "waiting_customer"
                  | "action_taken"
                  | "resolved"
                  | "closed"
                  | "rejected";
                /** @description RSIT classification type */
                type: string;
                taxonomy: string;
                /** @enum {string} */
                ownership: "customer" | "platform" | "not_ours";
                /** @description the host name, registrable domain or IP the case is about */
                resource: string;
                service_id: string | null;
                service_type: string | null;
                customer_id: string | null;
                team_id: string | null;
                netblock_id: number | null;
                event_count: number;
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                misuse_suggestions: {
                  /** @enum {string} */
                  misuse_type:
                    | "fraudulent_contract"
                    | "compromised_customer"
                    | "downstream_reseller"
                    | "grey_use"
                    | "undetermined";
                  reason_en: string;
                  reason_ja: string;
                }[];
                assignee: string | null;
                reemerged: boolean;
                reemerged_count: number;
                merged_into: number | null;
                first_event_at: string;
                last_event_at: string;
                created_at: string;
                updated_at: string;
                sla: {
                  first_action_due: string | null;
                  resolution_due: string | null;
                  first_action_at: string | null;
                  resolved_at: string | null;
                  /** @description the clock stands still while the case waits for the customer */
                  paused: boolean;
                  first_action_breached: boolean;
                  resolution_breached: boolean;
                  next_deadline: string | null;
                };
              }[];
              next_cursor: string | null;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One case with its timeline, events and the actions its service allows */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
              timeline: {
                id: number;
                at: string;
                /** @description created, events, transition, note, action, assigned, misuse, merged, split, reopened */
                kind: string;
                actor: string;
                detail: {
                  [key: string]: unknown;
                };
              }[];
              events: {
                id: number;
                report_id: string;
                type: string;
                first_seen: string;
                last_seen: string;
                seen_count: number;
                data: {
                  [key: string]: unknown;
                };
                /** @description whose the event was at its time, and how that was found */
                resolution: unknown;
              }[];
              events_shown: number;
              allowed_actions: {
                action: string;
                label_en: string;
                label_ja: string;
                requires_reason: boolean;
              }[];
              /** @description every action of the policy's catalog, allowed here or not (with the reason) */
              actions: {
                action: string;
                label_en: string;
                label_ja: string;
                requires_reason: boolean;
                allowed: boolean;
                /** @description why not, when not allowed */
                reason_en: string | null;
                reason_ja: string | null;
              }[];
              /** @description the states this case may move to now */
              transitions: (
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected"
              )[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/transition": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a case to another state (new → acknowledged → waiting_customer → action_taken → resolved → closed; rejected) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @enum {string} */
            to:
              | "new"
              | "acknowledged"
              | "waiting_customer"
              | "action_taken"
              | "resolved"
              | "closed"
              | "rejected";
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/bulk/transition": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The same move for many cases; each succeeds or fails on its own */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            ids: number[];
            /** @enum {string} */
            to:
              | "new"
              | "acknowledged"
              | "waiting_customer"
              | "action_taken"
              | "resolved"
              | "closed"
              | "rejected";
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              results: {
                id: number;
                ok: boolean;
                /** @enum {string} */
                state?:
                  | "new"
                  | "acknowledged"
                  | "waiting_customer"
                  | "action_taken"
                  | "resolved"
                  | "closed"
                  | "rejected";
                error?: string;
              }[];
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/assignee": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Give the case to an analyst (null: to nobody) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            assignee: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/notes": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a note to the timeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/misuse": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set the misuse type (fraudulent_contract, compromised_customer, downstream_reseller, grey_use, undetermined) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @enum {string} */
            misuse_type:
              | "fraudulent_contract"
              | "compromised_customer"
              | "downstream_reseller"
              | "grey_use"
              | "undetermined";
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/actions": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record an action the provider took; refused (409) when the service type does not allow it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            action: string;
            /** @description the law or the terms-of-service clause the action rests on */
            legal_basis: string;
            /** @description why it was necessary (required for some actions) */
            reason?: string;
            note?: string;
            /** @description SHA-256 of evidence items this action rests on */
            evidence?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/merge": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move the events of other cases into this one; the others close as merged */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            case_ids: number[];
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/split": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move some events into a new case of the same kind; answers the new case */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            event_ids: number[];
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              /** @enum {string} */
              state:
                | "new"
                | "acknowledged"
                | "waiting_customer"
                | "action_taken"
                | "resolved"
                | "closed"
                | "rejected";
              /** @description RSIT classification type */
              type: string;
              taxonomy: string;
              /** @enum {string} */
              ownership: "customer" | "platform" | "not_ours";
              /** @description the host name, registrable domain or IP the case is about */
              resource: string;
              service_id: string | null;
              service_type: string | null;
              customer_id: string | null;
              team_id: string | null;
              netblock_id: number | null;
              event_count: number;
              /** @enum {string} */
              misuse_type:
                | "fraudulent_contract"
                | "compromised_customer"
                | "downstream_reseller"
                | "grey_use"
                | "undetermined";
              misuse_suggestions: {
                /** @enum {string} */
                misuse_type:
                  | "fraudulent_contract"
                  | "compromised_customer"
                  | "downstream_reseller"
                  | "grey_use"
                  | "undetermined";
                reason_en: string;
                reason_ja: string;
              }[];
              assignee: string | null;
              reemerged: boolean;
              reemerged_count: number;
              merged_into: number | null;
              first_event_at: string;
              last_event_at: string;
              created_at: string;
              updated_at: string;
              sla: {
                first_action_due: string | null;
                resolution_due: string | null;
                first_action_at: string | null;
                resolved_at: string | null;
                /** @description the clock stands still while the case waits for the customer */
                paused: boolean;
                first_action_breached: boolean;
                resolution_breached: boolean;
                next_deadline: string | null;
              };
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/stats/reports": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Reports received per UTC month and type, and per channel */
    get: {
      parameters: {
        query?: {
          /** @description first day (UTC) or instant; default: 11 months before `to`'s month, from its first day */
          from?: string;
          /** @description last day (UTC, included) or instant (excluded); default: now */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              period: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
              };
              months: {
                /** @description UTC month, YYYY-MM */
                month: string;
                type: string;
                reports: number;
              }[];
              by_channel: {
                /** @description UTC month, YYYY-MM */
                month: string;
                channel: string;
                reports: number;
              }[];
              total: number;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/stats/cases": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Cases per month, type and team; time to first action and resolution; SLA shares */
    get: {
      parameters: {
        query?: {
          /** @description first day (UTC) or instant; default: 11 months before `to`'s month, from its first day */
          from?: string;
          /** @description last day (UTC, included) or instant (excluded); default: now */
          to?: string;
          /** @description only the cases of this team */
          team?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              period: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
              };
              team: string | null;
              months: {
                /** @description UTC month, YYYY-MM */
                month: string;
                type: string;
                opened: number;
                resolved: number;
              }[];
              by_team: {
                /** @description null: cases without a team (not ours) */
                team_id: string | null;
                opened: number;
                resolved: number;
                /** @description not yet resolved today, whenever opened */
                open_now: number;
              }[];
              timing: {
                first_action: {
                  count: number;
                  /** @description hours, rounded to 0.01; null when no case counts */
                  median_hours: number | null;
                  /** @description hours, rounded to 0.01; null when no case counts */
                  p90_hours: number | null;
                };
                resolution: {
                  count: number;
                  /** @description hours, rounded to 0.01; null when no case counts */
                  median_hours: number | null;
                  /** @description hours, rounded to 0.01; null when no case counts */
                  p90_hours: number | null;
                };
              };
              sla: {
                first_action: {
                  within: number;
                  missed: number;
                  /** @description within / (within + missed), rounded to 0.001; null when no case counts */
                  share: number | null;
                };
                resolution: {
                  within: number;
                  missed: number;
                  /** @description within / (within + missed), rounded to 0.001; null when no case counts */
                  share: number | null;
                };
              };
              by_type_timing: {
                type: string;
                cases: number;
                /** @description hours, rounded to 0.01; null when no case counts */
                first_action_median_hours: number | null;
                /** @description hours, rounded to 0.01; null when no case counts */
                resolution_median_hours: number | null;
                /** @description within / (within + missed), rounded to 0.001; null when no case counts */
                first_action_share_within: number | null;
                /** @description within / (within + missed), rounded to 0.001; null when no case counts */
                resolution_share_within: number | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/stats/takedown": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Takedown figures: time to first request, uptime after the report (median, p90, share down within 24 h and 48 h), and per recipient who answers and how fast sites fall */
    get: {
      parameters: {
        query?: {
          /** @description first day (UTC) or instant; default: 11 months before `to`'s month, from its first day */
          from?: string;
          /** @description last day (UTC, included) or instant (excluded); default: now */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              period: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
              };
              overall: {
                /** @description not-ours cases received in the period with a request sent */
                cases: number;
                /** @description case received → first request sent */
                time_to_first_request: {
                  /** @description how many had both ends */
                  count: number;
                  median_hours: number | null;
                  p90_hours: number | null;
                };
                /** @description case received → first down (the first check of the spell two checks confirmed): the figure APWG and the NCSC publish as uptime */
                uptime_after_report: {
                  /** @description how many had both ends */
                  count: number;
                  median_hours: number | null;
                  p90_hours: number | null;
                };
                /** @description case received → the last check that saw it up before it fell */
                last_up_before_down: {
                  /** @description how many had both ends */
                  count: number;
                  median_hours: number | null;
                  p90_hours: number | null;
                };
                /** @description of the cases received at least 24 h ago */
                share_down_24h: number | null;
                /** @description of the cases received at least 48 h ago */
                share_down_48h: number | null;
                /** @description cases whose resource was last seen up */
                still_up: number;
              };
              by_recipient: {
                requests: number;
                acknowledged: number;
                refused: number;
                /** @description requests whose deadline passed without an answer */
                unanswered: number;
                /** @description requests whose resource was seen down */
                down: number;
                /** @description request sent → first answer */
                time_to_acknowledge: {
                  /** @description how many had both ends */
                  count: number;
                  median_hours: number | null;
                  p90_hours: number | null;
                };
                /** @description request sent → first check of the down spell that was confirmed */
                time_to_down: {
                  /** @description how many had both ends */
                  count: number;
                  median_hours: number | null;
                  p90_hours: number | null;
                };
                /** @description of the requests sent at least 24 h ago */
                share_down_24h: number | null;
                /** @description of the requests sent at least 48 h ago */
                share_down_48h: number | null;
                recipient: string;
                role: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/stats/tracking-numbers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Tracking numbers issued per prefix and year */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              years: {
                prefix: string;
                year: number;
                /** @description the last sequence number issued that year */
                issued: number;
                /** @description reports kept with a number of that year (fewer once purged) */
                stored: number;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/evidence/public-key": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The Ed25519 public keys that sign the evidence ledger (the current one first) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              algorithm: "Ed25519";
              key_id: string;
              /** @description PEM (SPKI) */
              public_key: string;
              keys: {
                key_id: string;
                public_key: string;
                created_at: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/evidence": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What was captured for a case: pages with their hops, DNS, RDAP, screenshots, attachments */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                case_id: number;
                event_id: number | null;
                report_id: string | null;
                /** @description http, dns, rdap_domain, rdap_ip, screenshot or attachment */
                kind: string;
                target: string;
                /** @description queued, done, failed, refused or skipped */
                status: string;
                summary: string | null;
                /** @description hops, certificates, DNS answers, RDAP data… */
                result: {
                  [key: string]: unknown;
                };
                /** @description SHA-256 of the record and of any page or screenshot */
                blobs: string[];
                ledger_seq: number | null;
                created_at: string;
                finished_at: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Capture a URL, host or address for a case now (again, if it was captured over a day ago) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            url?: string;
            host?: string;
            ip?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              queued: number[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/evidence-package": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The case's evidence as one archive (.tar.gz): manifest, blobs, signed ledger entries, public key, summary in ja and en
     * @description audience=customer leaves out what the provider may not show its customer (reporters who did not consent to forwarding, TLP:RED and AMBER+STRICT, internal notes) and lists it in the manifest's `withheld`. Verify offline with `mogura evidence verify-package FILE`.
     */
    get: {
      parameters: {
        query?: {
          audience?: "internal" | "customer";
        };
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/evidence/blobs/{sha256}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The bytes of one blob (a page body, a screenshot, a capture record) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          sha256: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/evidence/ledger": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ledger entries, oldest first (after a sequence number, or those of one case) */
    get: {
      parameters: {
        query?: {
          after_seq?: number;
          case_id?: number;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                seq: number;
                at: string;
                /** @description capture, attachment, action or purge */
                kind: string;
                case_id: number | null;
                event_id: number | null;
                /** @description SHA-256 of the blobs this entry vouches for */
                blobs: string[];
                actor: string;
                details: {
                  [key: string]: unknown;
                };
                prev_hash: string;
                hash: string;
                key_id: string;
                /** @description Ed25519 over the 32 bytes of `hash`, base64 */
                signature: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/evidence/verify": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Walk the whole ledger and every blob; the first thing that does not hold */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              ok: boolean;
              entries: number;
              /** @description blobs checked byte for byte */
              blobs: number;
              /** @description keep it elsewhere: a ledger cut short ends before it */
              last_hash: string;
              /** @description the first thing that does not hold */
              problem?: {
                seq?: number;
                blob?: string;
                reason: string;
              };
              /** @description the head published outside the data directory that the ledger was checked against; null: no witness (MOGURA_LEDGER_WITNESS_FILE), so entries cut off at the end would not show */
              witness?: {
                size: number;
                hash: string;
                at: string;
              } | null;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/notices": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Mail sent (or queued) about this case: notices and reporter updates, with delivery state */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                kind: string;
                to: string[];
                cc: string[];
                subject: string;
                text: string;
                /** @description queued, sending, sent or failed */
                state: string;
                attempts: number;
                last_error: string | null;
                created_by: string;
                created_at: string;
                sent_at: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Send the customer a notice now, as rendered or as edited */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            subject?: string;
            text?: string;
            html?: string;
            /** @description instead of the customer's address */
            to?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              outbox_id: number;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/notices/preview": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The notice the customer would get now, rendered from the templates (nothing is sent) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              subject: string;
              text: string;
              html: string;
              to: string[];
              cc: string[];
              language: string;
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/preferences": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My UI language (people: remembered; API keys: ja) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              language: "ja" | "en";
            };
          };
        };
      };
    };
    /** Remember my UI language */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @enum {string} */
            language: "ja" | "en";
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /** @enum {string} */
              language: "ja" | "en";
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/filters": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My saved queue filters */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              items: {
                id: number;
                name: string;
                query: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Save a queue filter (a query string of GET /api/v1/cases) under a name; the same name replaces it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            name: string;
            query: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              name: string;
              query: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/me/filters/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Forget a saved filter */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": null;
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/resolve": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whose is an IP, CIDR, domain or URL, now or at a chosen time */
    get: {
      parameters: {
        query: {
          q: string;
          /** @description default: now */
          at?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              query: string;
              at: string;
              /** @description for an address, name or URL */
              owner: {
                /** @enum {string} */
                ownership: "customer" | "platform" | "not_ours";
                via: string | null;
                service_id: string | null;
                service_type: string | null;
                customer_id: string | null;
                team_id: string | null;
                netblock_id: number | null;
                domain_id: number | null;
                host: string | null;
                ip: string | null;
                dns?: {
                  addresses: string[];
                  error?: string;
                };
              } | null;
              /** @description for a CIDR: the netblocks inside or around it that hold at that time */
              netblocks: {
                id: number;
                cidr: string;
                service_id: string | null;
                team_id: string | null;
                shared: boolean;
                valid_from: string;
                valid_to: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/contacts": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who can act on an address, range, domain or URL: hosting network, registrar, registry, DNS operator, platform */
    get: {
      parameters: {
        query: {
          /** @description an IP address, a CIDR range, a domain or a URL */
          resource: string;
          /** @description true: ask RDAP and DNS again instead of the kept answer */
          fresh?: "true" | "false";
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              resource: string;
              /** @enum {string} */
              kind: "ip" | "cidr" | "domain" | "url";
              host?: string;
              domain?: string;
              addresses: string[];
              nameservers: string[];
              contacts: {
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                about: string;
                address?: string;
                organisation?: string;
                email?: string;
                web_form?: string;
                phone?: string;
                iana_id?: string;
                country?: string;
                /**
                 * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                 * @enum {string}
                 */
                source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                source_url?: string;
                fetched_at: string;
                /** @enum {string} */
                preferred_format?: "xarf" | "mail" | "both";
                /** @enum {string} */
                language?: "ja" | "en";
                note?: string;
                override_id?: number;
              }[];
              problems: {
                source: string;
                message: string;
              }[];
              looked_up_at: string;
              cached: boolean;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/contacts/overrides": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The desk's own contact entries (addresses, web forms, languages RDAP does not give) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              overrides: {
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                /**
                 * @description cidr: the addresses looked up; domain: the host (or, for dns, a name server) at or under it; organisation: a contact's organisation name; registrar: a registrar's IANA id; tld: the domain's TLD; country: the network's country (for the country's CERT)
                 * @enum {string}
                 */
                match_kind: "cidr" | "domain" | "organisation" | "registrar" | "tld" | "country";
                match_value: string;
                organisation?: string;
                email?: string;
                web_form?: string;
                phone?: string;
                /** @enum {string} */
                preferred_format?: "xarf" | "mail" | "both";
                /** @enum {string} */
                language?: "ja" | "en";
                note?: string;
                id: number;
                created_at: string;
                created_by: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Add an override, or replace the one with the same role and match */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /**
             * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
             * @enum {string}
             */
            role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
            /**
             * @description cidr: the addresses looked up; domain: the host (or, for dns, a name server) at or under it; organisation: a contact's organisation name; registrar: a registrar's IANA id; tld: the domain's TLD; country: the network's country (for the country's CERT)
             * @enum {string}
             */
            match_kind: "cidr" | "domain" | "organisation" | "registrar" | "tld" | "country";
            match_value: string;
            organisation?: string;
            email?: string;
            web_form?: string;
            phone?: string;
            /** @enum {string} */
            preferred_format?: "xarf" | "mail" | "both";
            /** @enum {string} */
            language?: "ja" | "en";
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              /**
               * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
               * @enum {string}
               */
              role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
              /**
               * @description cidr: the addresses looked up; domain: the host (or, for dns, a name server) at or under it; organisation: a contact's organisation name; registrar: a registrar's IANA id; tld: the domain's TLD; country: the network's country (for the country's CERT)
               * @enum {string}
               */
              match_kind: "cidr" | "domain" | "organisation" | "registrar" | "tld" | "country";
              match_value: string;
              organisation?: string;
              email?: string;
              web_form?: string;
              phone?: string;
              /** @enum {string} */
              preferred_format?: "xarf" | "mail" | "both";
              /** @enum {string} */
              language?: "ja" | "en";
              note?: string;
              id: number;
              created_at: string;
              created_by: string;
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/contacts/overrides/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove an override */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": null;
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/takedown-requests": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The takedown requests of a case, oldest first, and the playbook of its type */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              requests: {
                id: number;
                case_id: number;
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                /** @description the contact as it was looked up when the request was drafted */
                recipient: {
                  /**
                   * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                   * @enum {string}
                   */
                  role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                  about: string;
                  address?: string;
                  organisation?: string;
                  email?: string;
                  web_form?: string;
                  phone?: string;
                  iana_id?: string;
                  country?: string;
                  /**
                   * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                   * @enum {string}
                   */
                  source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                  source_url?: string;
                  fetched_at: string;
                  /** @enum {string} */
                  preferred_format?: "xarf" | "mail" | "both";
                  /** @enum {string} */
                  language?: "ja" | "en";
                  note?: string;
                  override_id?: number;
                };
                /**
                 * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
                 * @enum {string}
                 */
                channel: "email" | "web_form";
                /** @enum {string} */
                format: "xarf" | "mail" | "both";
                /** @enum {string} */
                language: "ja" | "en";
                /** @description the URLs, hosts or addresses asked about */
                resources: string[];
                subject: string;
                /** @description the mail as the recipient reads it (reply address masked) */
                body: string;
                /** @description the XARF v4 report attached, if any */
                xarf: {
                  [key: string]: unknown;
                } | null;
                /** @enum {string} */
                state:
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated";
                deadline_at: string | null;
                /** @description the earlier request this one escalates */
                escalates: number | null;
                outbox_id: number | null;
                created_at: string;
                created_by: string;
                sent_at: string | null;
                acknowledged_at: string | null;
                acted_at: string | null;
                down_at: string | null;
                closed_at: string | null;
                updated_at: string;
                /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
                moves: (
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated"
                )[];
                can_escalate: boolean;
                /**
                 * @description whom an escalation would ask, by the policy's chain
                 * @enum {string|null}
                 */
                next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
                replies?: {
                  id: number;
                  sender: string | null;
                  subject: string | null;
                  body: string;
                  received_at: string;
                }[];
              }[];
              playbook: {
                type: string;
                roles: ("host" | "registrar" | "registry" | "dns" | "platform" | "cert")[];
                deadline_hours: number;
                legal_routes: {
                  name: string;
                  label_en: string;
                  label_ja: string;
                  /** @description what this route needs from the evidence */
                  needs_en: string;
                  needs_ja: string;
                }[];
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Draft requests to the recipients of the case type's playbook (or the roles given): one per recipient, contacts looked up now */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @description whom to ask; default: the playbook of the case's type (phishing: platform, host and registrar at once) */
            roles?: ("host" | "registrar" | "registry" | "dns" | "platform" | "cert")[];
            /**
             * @description default: the recipient's preference, else both
             * @enum {string}
             */
            format?: "xarf" | "mail" | "both";
            /**
             * @description default: the recipient's preference, else ja for .jp and JP networks, en otherwise
             * @enum {string}
             */
            language?: "ja" | "en";
            deadline_hours?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              requests: {
                id: number;
                case_id: number;
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                /** @description the contact as it was looked up when the request was drafted */
                recipient: {
                  /**
                   * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                   * @enum {string}
                   */
                  role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                  about: string;
                  address?: string;
                  organisation?: string;
                  email?: string;
                  web_form?: string;
                  phone?: string;
                  iana_id?: string;
                  country?: string;
                  /**
                   * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                   * @enum {string}
                   */
                  source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                  source_url?: string;
                  fetched_at: string;
                  /** @enum {string} */
                  preferred_format?: "xarf" | "mail" | "both";
                  /** @enum {string} */
                  language?: "ja" | "en";
                  note?: string;
                  override_id?: number;
                };
                /**
                 * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
                 * @enum {string}
                 */
                channel: "email" | "web_form";
                /** @enum {string} */
                format: "xarf" | "mail" | "both";
                /** @enum {string} */
                language: "ja" | "en";
                /** @description the URLs, hosts or addresses asked about */
                resources: string[];
                subject: string;
                /** @description the mail as the recipient reads it (reply address masked) */
                body: string;
                /** @description the XARF v4 report attached, if any */
                xarf: {
                  [key: string]: unknown;
                } | null;
                /** @enum {string} */
                state:
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated";
                deadline_at: string | null;
                /** @description the earlier request this one escalates */
                escalates: number | null;
                outbox_id: number | null;
                created_at: string;
                created_by: string;
                sent_at: string | null;
                acknowledged_at: string | null;
                acted_at: string | null;
                down_at: string | null;
                closed_at: string | null;
                updated_at: string;
                /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
                moves: (
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated"
                )[];
                can_escalate: boolean;
                /**
                 * @description whom an escalation would ask, by the policy's chain
                 * @enum {string|null}
                 */
                next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
                replies?: {
                  id: number;
                  sender: string | null;
                  subject: string | null;
                  body: string;
                  received_at: string;
                }[];
              }[];
              /** @description recipients that could not be drafted, and why */
              problems: string[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/takedown-requests": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Takedown requests, newest first, by state */
    get: {
      parameters: {
        query?: {
          /** @description comma-separated states, e.g. sent,acknowledged */
          state?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              requests: {
                id: number;
                case_id: number;
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                /** @description the contact as it was looked up when the request was drafted */
                recipient: {
                  /**
                   * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                   * @enum {string}
                   */
                  role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                  about: string;
                  address?: string;
                  organisation?: string;
                  email?: string;
                  web_form?: string;
                  phone?: string;
                  iana_id?: string;
                  country?: string;
                  /**
                   * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                   * @enum {string}
                   */
                  source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                  source_url?: string;
                  fetched_at: string;
                  /** @enum {string} */
                  preferred_format?: "xarf" | "mail" | "both";
                  /** @enum {string} */
                  language?: "ja" | "en";
                  note?: string;
                  override_id?: number;
                };
                /**
                 * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
                 * @enum {string}
                 */
                channel: "email" | "web_form";
                /** @enum {string} */
                format: "xarf" | "mail" | "both";
                /** @enum {string} */
                language: "ja" | "en";
                /** @description the URLs, hosts or addresses asked about */
                resources: string[];
                subject: string;
                /** @description the mail as the recipient reads it (reply address masked) */
                body: string;
                /** @description the XARF v4 report attached, if any */
                xarf: {
                  [key: string]: unknown;
                } | null;
                /** @enum {string} */
                state:
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated";
                deadline_at: string | null;
                /** @description the earlier request this one escalates */
                escalates: number | null;
                outbox_id: number | null;
                created_at: string;
                created_by: string;
                sent_at: string | null;
                acknowledged_at: string | null;
                acted_at: string | null;
                down_at: string | null;
                closed_at: string | null;
                updated_at: string;
                /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
                moves: (
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated"
                )[];
                can_escalate: boolean;
                /**
                 * @description whom an escalation would ask, by the policy's chain
                 * @enum {string|null}
                 */
                next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
                replies?: {
                  id: number;
                  sender: string | null;
                  subject: string | null;
                  body: string;
                  received_at: string;
                }[];
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/takedown-requests/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One takedown request with the recipient's replies */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              case_id: number;
              /**
               * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
               * @enum {string}
               */
              role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
              /** @description the contact as it was looked up when the request was drafted */
              recipient: {
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                about: string;
                address?: string;
                organisation?: string;
                email?: string;
                web_form?: string;
                phone?: string;
                iana_id?: string;
                country?: string;
                /**
                 * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                 * @enum {string}
                 */
                source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                source_url?: string;
                fetched_at: string;
                /** @enum {string} */
                preferred_format?: "xarf" | "mail" | "both";
                /** @enum {string} */
                language?: "ja" | "en";
                note?: string;
                override_id?: number;
              };
              /**
               * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
               * @enum {string}
               */
              channel: "email" | "web_form";
              /** @enum {string} */
              format: "xarf" | "mail" | "both";
              /** @enum {string} */
              language: "ja" | "en";
              /** @description the URLs, hosts or addresses asked about */
              resources: string[];
              subject: string;
              /** @description the mail as the recipient reads it (reply address masked) */
              body: string;
              /** @description the XARF v4 report attached, if any */
              xarf: {
                [key: string]: unknown;
              } | null;
              /** @enum {string} */
              state:
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated";
              deadline_at: string | null;
              /** @description the earlier request this one escalates */
              escalates: number | null;
              outbox_id: number | null;
              created_at: string;
              created_by: string;
              sent_at: string | null;
              acknowledged_at: string | null;
              acted_at: string | null;
              down_at: string | null;
              closed_at: string | null;
              updated_at: string;
              /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
              moves: (
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated"
              )[];
              can_escalate: boolean;
              /**
               * @description whom an escalation would ask, by the policy's chain
               * @enum {string|null}
               */
              next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
              replies?: {
                id: number;
                sender: string | null;
                subject: string | null;
                body: string;
                received_at: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/takedown-requests/{id}/send": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a draft: by mail through the outbox (replies thread back), or record that it was submitted at the recipient's web form */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              case_id: number;
              /**
               * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
               * @enum {string}
               */
              role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
              /** @description the contact as it was looked up when the request was drafted */
              recipient: {
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                about: string;
                address?: string;
                organisation?: string;
                email?: string;
                web_form?: string;
                phone?: string;
                iana_id?: string;
                country?: string;
                /**
                 * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                 * @enum {string}
                 */
                source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                source_url?: string;
                fetched_at: string;
                /** @enum {string} */
                preferred_format?: "xarf" | "mail" | "both";
                /** @enum {string} */
                language?: "ja" | "en";
                note?: string;
                override_id?: number;
              };
              /**
               * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
               * @enum {string}
               */
              channel: "email" | "web_form";
              /** @enum {string} */
              format: "xarf" | "mail" | "both";
              /** @enum {string} */
              language: "ja" | "en";
              /** @description the URLs, hosts or addresses asked about */
              resources: string[];
              subject: string;
              /** @description the mail as the recipient reads it (reply address masked) */
              body: string;
              /** @description the XARF v4 report attached, if any */
              xarf: {
                [key: string]: unknown;
              } | null;
              /** @enum {string} */
              state:
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated";
              deadline_at: string | null;
              /** @description the earlier request this one escalates */
              escalates: number | null;
              outbox_id: number | null;
              created_at: string;
              created_by: string;
              sent_at: string | null;
              acknowledged_at: string | null;
              acted_at: string | null;
              down_at: string | null;
              closed_at: string | null;
              updated_at: string;
              /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
              moves: (
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated"
              )[];
              can_escalate: boolean;
              /**
               * @description whom an escalation would ask, by the policy's chain
               * @enum {string|null}
               */
              next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
              replies?: {
                id: number;
                sender: string | null;
                subject: string | null;
                body: string;
                received_at: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/takedown-requests/{id}/state": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move a request: acknowledged, acted, resource_down, refused, unanswered, closed */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            /** @enum {string} */
            state: "acknowledged" | "acted" | "resource_down" | "closed" | "refused" | "unanswered";
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              id: number;
              case_id: number;
              /**
               * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
               * @enum {string}
               */
              role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
              /** @description the contact as it was looked up when the request was drafted */
              recipient: {
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                about: string;
                address?: string;
                organisation?: string;
                email?: string;
                web_form?: string;
                phone?: string;
                iana_id?: string;
                country?: string;
                /**
                 * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                 * @enum {string}
                 */
                source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                source_url?: string;
                fetched_at: string;
                /** @enum {string} */
                preferred_format?: "xarf" | "mail" | "both";
                /** @enum {string} */
                language?: "ja" | "en";
                note?: string;
                override_id?: number;
              };
              /**
               * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
               * @enum {string}
               */
              channel: "email" | "web_form";
              /** @enum {string} */
              format: "xarf" | "mail" | "both";
              /** @enum {string} */
              language: "ja" | "en";
              /** @description the URLs, hosts or addresses asked about */
              resources: string[];
              subject: string;
              /** @description the mail as the recipient reads it (reply address masked) */
              body: string;
              /** @description the XARF v4 report attached, if any */
              xarf: {
                [key: string]: unknown;
              } | null;
              /** @enum {string} */
              state:
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated";
              deadline_at: string | null;
              /** @description the earlier request this one escalates */
              escalates: number | null;
              outbox_id: number | null;
              created_at: string;
              created_by: string;
              sent_at: string | null;
              acknowledged_at: string | null;
              acted_at: string | null;
              down_at: string | null;
              closed_at: string | null;
              updated_at: string;
              /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
              moves: (
                | "draft"
                | "sent"
                | "acknowledged"
                | "acted"
                | "resource_down"
                | "closed"
                | "refused"
                | "unanswered"
                | "escalated"
              )[];
              can_escalate: boolean;
              /**
               * @description whom an escalation would ask, by the policy's chain
               * @enum {string|null}
               */
              next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
              replies?: {
                id: number;
                sender: string | null;
                subject: string | null;
                body: string;
                received_at: string;
              }[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/takedown-requests/{id}/escalate": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Escalate to the next in the chain (platform → host → registrar → registry → national CERT): a new draft with the history */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              requests: {
                id: number;
                case_id: number;
                /**
                 * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                 * @enum {string}
                 */
                role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                /** @description the contact as it was looked up when the request was drafted */
                recipient: {
                  /**
                   * @description host: the network holding the address; registrar and registry: the domain's; dns: its name servers' operator; platform: a shared platform or URL shortener; cert: the country's CERT
                   * @enum {string}
                   */
                  role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert";
                  about: string;
                  address?: string;
                  organisation?: string;
                  email?: string;
                  web_form?: string;
                  phone?: string;
                  iana_id?: string;
                  country?: string;
                  /**
                   * @description rdap: the RIR's or registry's RDAP answer; rdap-root: IANA's root RDAP server; dns-txt: a contact database in DNS; platform-list: the known platforms; override: the desk's own entry
                   * @enum {string}
                   */
                  source: "rdap" | "rdap-root" | "dns-txt" | "platform-list" | "override";
                  source_url?: string;
                  fetched_at: string;
                  /** @enum {string} */
                  preferred_format?: "xarf" | "mail" | "both";
                  /** @enum {string} */
                  language?: "ja" | "en";
                  note?: string;
                  override_id?: number;
                };
                /**
                 * @description email: sent through the outbox; web_form: the desk fills in the recipient's form
                 * @enum {string}
                 */
                channel: "email" | "web_form";
                /** @enum {string} */
                format: "xarf" | "mail" | "both";
                /** @enum {string} */
                language: "ja" | "en";
                /** @description the URLs, hosts or addresses asked about */
                resources: string[];
                subject: string;
                /** @description the mail as the recipient reads it (reply address masked) */
                body: string;
                /** @description the XARF v4 report attached, if any */
                xarf: {
                  [key: string]: unknown;
                } | null;
                /** @enum {string} */
                state:
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated";
                deadline_at: string | null;
                /** @description the earlier request this one escalates */
                escalates: number | null;
                outbox_id: number | null;
                created_at: string;
                created_by: string;
                sent_at: string | null;
                acknowledged_at: string | null;
                acted_at: string | null;
                down_at: string | null;
                closed_at: string | null;
                updated_at: string;
                /** @description the states the desk may record next (POST …/state); sending and escalating have their own calls */
                moves: (
                  | "draft"
                  | "sent"
                  | "acknowledged"
                  | "acted"
                  | "resource_down"
                  | "closed"
                  | "refused"
                  | "unanswered"
                  | "escalated"
                )[];
                can_escalate: boolean;
                /**
                 * @description whom an escalation would ask, by the policy's chain
                 * @enum {string|null}
                 */
                next_role: "host" | "registrar" | "registry" | "dns" | "platform" | "cert" | null;
                replies?: {
                  id: number;
                  sender: string | null;
                  subject: string | null;
                  body: string;
                  received_at: string;
                }[];
              }[];
              /** @description recipients that could not be drafted, and why */
              problems: string[];
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/cases/{id}/watch": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The URLs of a case that are watched: up or down, since when, and why */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              watches: {
                id: number;
                case_id: number;
                url: string;
                host: string;
                /**
                 * @description down: two checks in a row found it down
                 * @enum {string}
                 */
                state: "unknown" | "up" | "down_unconfirmed" | "down";
                checks: number;
                interval_seconds: number;
                next_check_at: string;
                first_up_at: string | null;
                last_up_at: string | null;
                first_down_at: string | null;
                down_confirmed_at: string | null;
                last_checked_at: string | null;
                last_status: number | null;
                last_outcome: string | null;
                last_reason: string | null;
                last_addresses: string[];
                baseline_sha256: string | null;
                stopped_at: string | null;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    /** Watch another URL of a case (one a report did not name) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          "application/json": {
            url: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              watches: {
                id: number;
                case_id: number;
                url: string;
                host: string;
                /**
                 * @description down: two checks in a row found it down
                 * @enum {string}
                 */
                state: "unknown" | "up" | "down_unconfirmed" | "down";
                checks: number;
                interval_seconds: number;
                next_check_at: string;
                first_up_at: string | null;
                last_up_at: string | null;
                first_down_at: string | null;
                down_confirmed_at: string | null;
                last_checked_at: string | null;
                last_status: number | null;
                last_outcome: string | null;
                last_reason: string | null;
                last_addresses: string[];
                baseline_sha256: string | null;
                stopped_at: string | null;
              }[];
            };
          };
        };
        /** @description Default Response */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
        /** @description Default Response */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              error: {
                /** @description stable, machine-readable */
                code: string;
                /** @description for a person: what is wrong and what to do */
                message: string;
                details?: unknown;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/watch": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Watched URLs by state, most recently checked first */
    get: {
      parameters: {
        query?: {
          state?: "unknown" | "up" | "down_unconfirmed" | "down";
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            "application/json": {
              watches: {
                id: number;
                case_id: number;
                url: string;
                host: string;
                /**
                 * @description down: two checks in a row found it down
                 * @enum {string}
                 */
                state: "unknown" | "up" | "down_unconfirmed" | "down";
                checks: number;
                interval_seconds: number;
                next_check_at: string;
                first_up_at: string | null;
                last_up_at: string | null;
                first_down_at: string | null;
                down_confirmed_at: string | null;
                last_checked_at: string | null;
                last_status: number | null;
                last_outcome: string | null;
                last_reason: string | null;
                last_addresses: string[];
                baseline_sha256: string | null;
                stopped_at: string | null;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    MoguraReport: {
      /** @description an RSIT classification type as IntelMQ names it (aliases such as c&c are accepted) */
      category: string;
      /** @description one resource; or use `resources` */
      resource?: {
        ip?: string;
        cidr?: string;
        port?: number;
        fqdn?: string;
        url?: string;
        email?: string;
      };
      resources?: {
        ip?: string;
        cidr?: string;
        port?: number;
        fqdn?: string;
        url?: string;
        email?: string;
      }[];
      /**
       * Format: date-time
       * @description when the abuse was seen (first)
       */
      observed_at?: string;
      /**
       * Format: date-time
       * @description when it was last seen
       */
      observed_until?: string;
      reporter?: {
        name?: string;
        org?: string;
        /** Format: email */
        email?: string;
        /**
         * @default individual
         * @enum {string}
         */
        type: "individual" | "csirt" | "provider" | "law_enforcement" | "automated" | "feed";
      };
      description?: string;
      /** @default [] */
      evidence: {
        /**
         * @default other
         * @enum {string}
         */
        kind: "content" | "screenshot" | "log" | "headers" | "email" | "other";
        /** @default application/octet-stream */
        media_type: string;
        description?: string;
        /** Format: byte */
        data_base64?: string;
        sha256?: string;
      }[];
      /**
       * @default amber
       * @enum {string}
       */
      tlp: "clear" | "green" | "amber" | "amber+strict" | "red";
      /**
       * @description may the evidence and the reporter's identity be shown to the provider's customer?
       * @default false
       */
      consent_to_forward: boolean;
      /** @description the reporter's own ticket number */
      external_ref?: string;
      /**
       * @description send reporter.email a short update when the case is resolved or rejected
       * @default false
       */
      request_updates: boolean;
      malware?: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
