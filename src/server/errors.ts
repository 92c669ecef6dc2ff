import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { UserError } from "../domain/errors.ts";

/** The one shape of every error answer. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("stable, machine-readable"),
    message: z.string().describe("for a person: what is wrong and what to do"),
    details: z.unknown().optional(),
  }),
});

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply
    .code(status)
    .type("application/json")
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

// Fastify's own errors that are the client's fault, mapped to our codes.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
};

/** Every error becomes `{ error: { code, message } }`; nothing a client sends crashes the process. */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number) {
  app.setNotFoundHandler((req, reply) =>
    sendError(
      reply,
      404,
      "not_found",
      `No route ${req.method} ${req.url.split("?")[0]}. The API is described at /api/docs.`,
    ),
  );
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof UserError)
      return sendError(reply, err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? ""}${v.instancePath}`,
        message: v.message,
      }));
      const first = issues[0];
      return sendError(
        reply,
        400,
        "validation_failed",
        `Invalid request: ${first?.path || "input"}: ${first?.message ?? "invalid"}`,
        issues,
      );
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, "response does not match its schema");
      return sendError(
        reply,
        500,
        "internal",
        "The server made an invalid answer; it has been logged.",
      );
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendError(
        reply,
        413,
        "body_too_large",
        `The request body is larger than the limit of ${bodyLimit} bytes.`,
      );
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      const code = mapped ?? (err instanceof SyntaxError ? "invalid_json" : "bad_request");
      return sendError(reply, err.statusCode ?? 400, code, err.message);
    }
    req.log.error({ err }, "request failed");
    return sendError(
      reply,
      500,
      "internal",
      "Internal error; it has been logged with the request id.",
    );
  });
}
