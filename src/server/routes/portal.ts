import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { UserError } from "../../domain/errors.ts";
import { noticeText } from "../../notify/outbox.ts";
import { recordReply, tokenFor } from "../../notify/replies.ts";
import type { AppContext, ZodApp } from "../context.ts";

// Guessing tokens is pointless at 160 bits; throttling keeps it so for whoever tries anyway.
const PORTAL_PER_MINUTE = 30;

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export const PORTAL_WORDS = {
  ja: {
    title: "ご連絡フォーム",
    notice: "お送りした通知",
    answer: "ご回答",
    fixed: "対応が完了しました（当社で確認します）",
    send: "送信する",
    thanks: "ご回答を受け付けました。担当者が確認します。",
    back: "フォームに戻る",
    empty: "ご回答の内容を入力してください。",
  },
  en: {
    title: "Reply form",
    notice: "The notice we sent",
    answer: "Your answer",
    fixed: "It is fixed (we will check)",
    send: "Send",
    thanks: "Your answer was received. An analyst will look at it.",
    back: "Back to the form",
    empty: "Please write your answer.",
  },
} as const;

function page(lang: "ja" | "en", title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem;border-radius:6px}
textarea{width:100%;min-height:10rem}button{padding:.5rem 1.5rem;margin-top:1rem}</style>
</head><body>${body}</body></html>`;
}

function notFoundPage(reply: FastifyReply) {
  return reply
    .code(404)
    .type("text/html; charset=utf-8")
    .send(page("en", "Not found", "<h1>Not found</h1>"));
}

/**
 * The customer's reply portal: no login, the unguessable token in the link is the key.
 * Shows what the notice said and takes an answer (and "it is fixed"), which goes on the
 * case for an analyst to confirm. Unknown, expired or revoked tokens get a plain 404.
 */
export async function portalRoutes(app: ZodApp, ctx: AppContext) {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  await app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: () =>
      new UserError("rate_limited", "Too many requests; try again in a minute.", 429),
  });
  const limits = { rateLimit: { max: PORTAL_PER_MINUTE, timeWindow: 60_000 } };

  const load = async (token: string) => {
    const t = await tokenFor(ctx.store, token, "portal");
    if (!t) return null;
    const notice = t.outboxId == null ? undefined : await noticeText(ctx.store, t.outboxId);
    const lang: "ja" | "en" = notice?.language === "en" ? "en" : "ja";
    return { token: t, notice, lang };
  };

  app.get(
    "/portal/:token",
    {
      config: { access: "public", ...limits },
      schema: { hide: true, params: z.object({ token: z.string().max(64) }) },
    },
    async (req, reply) => {
      const found = await load(req.params.token);
      if (!found) return notFoundPage(reply);
      const w = PORTAL_WORDS[found.lang];
      return reply.type("text/html; charset=utf-8").send(
        page(
          found.lang,
          w.title,
          `<h1>${esc(w.title)}</h1>
<h2>${esc(w.notice)}</h2>
<p><strong>${esc(found.notice?.subject ?? "")}</strong></p>
<pre>${esc(found.notice?.text_body ?? "")}</pre>
<form method="post"><h2><label for="message">${esc(w.answer)}</label></h2>
<textarea id="message" name="message" required maxlength="20000"></textarea>
<p><label><input type="checkbox" name="fixed" value="yes"> ${esc(w.fixed)}</label></p>
<button type="submit">${esc(w.send)}</button></form>`,
        ),
      );
    },
  );

  app.post(
    "/portal/:token",
    {
      config: { access: "public", ...limits },
      schema: {
        hide: true,
        params: z.object({ token: z.string().max(64) }),
        body: z.object({
          message: z.string().max(20_000).default(""),
          fixed: z.union([z.literal("yes"), z.literal("on"), z.boolean()]).optional(),
        }),
      },
    },
    async (req, reply) => {
      const found = await load(req.params.token);
      if (!found) return notFoundPage(reply);
      const w = PORTAL_WORDS[found.lang];
      const message = req.body.message.trim();
      const fixed = req.body.fixed === true || req.body.fixed === "yes" || req.body.fixed === "on";
      if (!message && !fixed) {
        return reply
          .code(400)
          .type("text/html; charset=utf-8")
          .send(
            page(found.lang, w.title, `<p>${esc(w.empty)}</p><p><a href="">${esc(w.back)}</a></p>`),
          );
      }
      await ctx.store.transaction((tx) =>
        recordReply(tx, found.token, {
          channel: "portal",
          sender: found.token.customerId ? `customer:${found.token.customerId}` : null,
          subject: null,
          body: message || w.fixed,
          fixed,
        }),
      );
      if (fixed) {
        // The customer says it is done; an analyst confirms by resolving.
        for (const caseId of found.token.caseIds) {
          await ctx.cases.service
            .transition(
              caseId,
              "action_taken",
              `customer:${found.token.customerId ?? "unknown"}`,
              // Reasons are stored text, read by analysts in either language.
              "the customer reported it fixed through the portal; confirm and resolve / 契約者が回答ポータルで対処済みと回答: 確認して解決してください",
            )
            .catch(() => {}); // a case already past that state keeps its state
        }
      }
      return reply
        .type("text/html; charset=utf-8")
        .send(page(found.lang, w.title, `<h1>${esc(w.title)}</h1><p>${esc(w.thanks)}</p>`));
    },
  );
}
