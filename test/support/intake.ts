import nodemailer from "nodemailer";
import { until } from "./net.ts";
import type { TestPlatform } from "./platform.ts";

/** Waits until a report has left `queued`; returns its detail. */
export function reportSettled(p: TestPlatform, id: string, ms = 30_000) {
  return until(
    async () => {
      const r = await p.api("GET", `/api/v1/reports/${id}`);
      return r.body.status !== "queued" ? r.body : undefined;
    },
    ms,
    `report ${id} processed`,
  );
}

/** Waits for the acknowledgement decision (`meta.ack`) of the report with this tracking number. */
export function ackOf(p: TestPlatform, tracking: string | undefined) {
  return until(
    async () => {
      const [r] = await p.store.query<{ meta: { ack?: Record<string, unknown> } }>(
        "SELECT meta FROM reports WHERE tracking_number = $1",
        [tracking],
      );
      return r?.meta.ack;
    },
    30_000,
    `acknowledgement of ${tracking}`,
  );
}

/** Delivers a raw mail to the SMTP intake on 127.0.0.1. */
export function smtpSend(port: number, raw: Buffer | string, from: string, to: string) {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  return t.sendMail({ envelope: { from, to: [to] }, raw });
}

/** Submits a Mogura JSON report and waits until it is processed and its events sit on cases. */
export async function submitRouted(
  p: TestPlatform,
  report: Record<string, unknown>,
): Promise<string> {
  const r = await p.api("POST", "/api/v1/reports", {
    body: {
      reporter: { name: "Test CERT", email: "cert@reporter.example", type: "csirt" },
      ...report,
    },
  });
  if (r.status !== 202) throw new Error(`report refused: ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.id as string;
  await until(
    async () => {
      const d = await p.api("GET", `/api/v1/reports/${id}`);
      if (d.body.status !== "processed") return undefined;
      const [left] = await p.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE report_id = $1 AND case_id IS NULL",
        [id],
      );
      return left?.n === 0;
    },
    30_000,
    `report ${id} routed`,
  );
  return id;
}
