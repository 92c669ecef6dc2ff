import { addTimeline, markReemerged } from "../cases/case-store.ts";
import { mapLimit } from "../domain/concurrency.ts";
import { loggableError, storableText } from "../domain/storable.ts";
import { type FetchPolicy, safeFetch } from "../evidence/safe-fetch.ts";
import type { Store } from "../store/database.ts";
import { resourceDownOnCase } from "../takedown/takedown-service.ts";
import { hammingDistance, NEAR_DUPLICATE_BITS, simhash } from "./fingerprint.ts";
import {
  addFingerprint,
  type Fingerprint,
  fingerprintsNotOf,
  saveCheck,
  takeDue,
  type WatchRow,
} from "./watch-store.ts";

/** What the watcher needs: the database, the SSRF-safe fetch policy, and its rhythm. */
export interface WatchDeps {
  store: Store;
  fetchPolicy: FetchPolicy;
  /** Seconds between checks of a site that is up. */
  intervalSeconds: number;
  /** Checks one process runs at once. */
  concurrency: number;
  /** Where a check that could not be saved is reported. */
  log?: { warn(obj: object, msg: string): void };
}

// A site seen down once is checked again soon: two checks in a row make it down, so a
// hiccup of the network never closes a takedown.
const CONFIRM_AFTER_SECONDS = 60;
// Down sites are looked at less and less often, but never less than daily: they come back.
const MAX_INTERVAL_SECONDS = 24 * 3600;

/** What one check saw. */
export interface Observation {
  up: boolean;
  outcome: string;
  status: number | null;
  reason: string;
  addresses: string[];
  sha256?: string;
  simhash?: string;
}

/** Fetches a watched URL and says whether what was reported is still there. */
export async function observe(row: WatchRow, policy: FetchPolicy): Promise<Observation> {
  const r = await safeFetch(row.url, policy);
  const addresses = r.hops.at(-1)?.addresses ?? [];
  const final = r.final;
  if (r.outcome !== "fetched" || !final) {
    return {
      up: false,
      outcome: r.outcome,
      status: final?.status ?? null,
      reason: r.reason ?? r.outcome,
      addresses,
    };
  }
  if (final.status >= 400) {
    return {
      up: false,
      outcome: "http_error",
      status: final.status,
      reason: `HTTP ${final.status}`,
      addresses,
    };
  }
  const sh = simhash(final.body.toString("utf8"));
  const base = row.baselineSimhash;
  // A provider that suspends a site often answers 200 with its own notice: the page is gone
  // although the server answers. Far from what was first seen up counts as down.
  if (
    base &&
    final.sha256 !== row.baselineSha256 &&
    hammingDistance(base, sh) > NEAR_DUPLICATE_BITS * 2
  ) {
    return {
      up: false,
      outcome: "content_changed",
      status: final.status,
      reason: `HTTP ${final.status}, but the page is no longer what was reported`,
      addresses,
      sha256: final.sha256,
      simhash: sh,
    };
  }
  return {
    up: true,
    outcome: "up",
    status: final.status,
    reason: `HTTP ${final.status}`,
    addresses,
    sha256: final.sha256,
    simhash: sh,
  };
}

/** Why a page seen up is the same as one seen on another case, or null. */
export function sameAs(
  page: { sha256: string; simhash: string; host: string; path: string },
  others: Fingerprint[],
): { fingerprint: Fingerprint; reason: string; distance: number } | null {
  let best: { fingerprint: Fingerprint; reason: string; distance: number } | null = null;
  for (const f of others) {
    if (f.sha256 === page.sha256) return { fingerprint: f, reason: "same_content", distance: 0 };
    const d = hammingDistance(f.simhash, page.simhash);
    if (d <= NEAR_DUPLICATE_BITS && (!best || d < best.distance)) {
      best = { fingerprint: f, reason: "similar_content", distance: d };
    }
  }
  if (best) return best;
  // A kit unpacked on a new domain keeps its paths (/secure/login/index.php): a weaker sign,
  // taken only for a path specific enough not to be every site's.
  if (/\/[^/]+\/[^/]+|\.(php|html?|aspx?)$/i.test(page.path)) {
    const f = others.find((o) => o.path === page.path && o.host !== page.host);
    if (f)
      return {
        fingerprint: f,
        reason: "same_kit_path",
        distance: hammingDistance(f.simhash, page.simhash),
      };
  }
  return null;
}

/** Checks the watches that are due, once each; returns how many were checked. */
export async function checkDue(deps: WatchDeps, batch = 500): Promise<number> {
  const due = await takeDue(deps.store, batch, 300);
  await mapLimit(due, deps.concurrency, async (row) => {
    try {
      await checkOne(deps, row);
    } catch (e) {
      // A failure here is the database's; the lease runs out and the next tick tries again.
      deps.log?.warn({ watch: row.id, err: loggableError(e) }, "a watch check could not be saved");
    }
  });
  return due.length;
}

async function checkOne(deps: WatchDeps, row: WatchRow): Promise<void> {
  const seen = await observe(row, deps.fetchPolicy);
  const now = new Date();
  const at = now.toISOString();
  const base = {
    checks: row.checks + 1,
    lastCheckedAt: now,
    lastStatus: seen.status,
    lastOutcome: seen.outcome,
    lastReason: storableText(seen.reason).slice(0, 500),
    lastAddresses: seen.addresses.length > 0 ? seen.addresses : row.lastAddresses,
  };
  await deps.store.transaction(async (tx) => {
    if (seen.up) {
      const path = pathOf(row.url);
      const wasDown = row.state === "down" || row.state === "down_unconfirmed";
      await saveCheck(tx.db, row.id, {
        ...base,
        state: "up",
        consecutiveDown: 0,
        intervalSeconds: deps.intervalSeconds,
        nextCheckAt: new Date(now.getTime() + deps.intervalSeconds * 1000),
        firstUpAt: row.firstUpAt ?? now,
        lastUpAt: now,
        firstDownAt: null,
        baselineSha256: row.baselineSha256 ?? seen.sha256 ?? null,
        baselineSimhash: row.baselineSimhash ?? seen.simhash ?? null,
        lastSha256: seen.sha256 ?? null,
      });
      if (row.state === "down") {
        const moved =
          row.lastAddresses.length > 0 &&
          seen.addresses.length > 0 &&
          !seen.addresses.some((a) => row.lastAddresses.includes(a));
        await markReemerged(tx, row.caseId, {
          kind: moved ? "same_domain_new_address" : "back_up",
          detail: {
            url: row.url,
            down_since: row.downConfirmedAt?.toISOString() ?? null,
            ...(moved ? { old_addresses: row.lastAddresses, new_addresses: seen.addresses } : {}),
          },
        });
      }
      // A page is compared with other cases' pages when its URL is first seen up: that is
      // when a kit put up again is recognised. Later checks of the same page (a new session
      // token each time) are not new sightings and would make every check read every page.
      const firstSighting = row.firstUpAt === null;
      const newVariant =
        row.baselineSimhash !== null &&
        seen.simhash !== undefined &&
        hammingDistance(row.baselineSimhash, seen.simhash) > NEAR_DUPLICATE_BITS;
      if (seen.sha256 && seen.simhash && (firstSighting || newVariant || wasDown)) {
        const page = { sha256: seen.sha256, simhash: seen.simhash, host: row.host, path };
        // The earliest other case this page is the same as: the mole seen before.
        const match = firstSighting
          ? sameAs(page, await fingerprintsNotOf(tx.db, row.caseId))
          : null;
        if (match) {
          await markReemerged(tx, row.caseId, {
            kind: match.reason,
            originalCaseId: match.fingerprint.caseId,
            detail: {
              url: row.url,
              original_url: match.fingerprint.url,
              simhash_distance: match.distance,
            },
          });
        }
        await addFingerprint(tx.db, {
          caseId: row.caseId,
          url: row.url,
          host: row.host,
          path,
          sha256: seen.sha256,
          simhash: seen.simhash,
          addresses: seen.addresses,
        });
      }
      return;
    }
    const downs = row.consecutiveDown + 1;
    const confirmed = downs >= 2;
    const interval = confirmed
      ? Math.min(Math.max(row.intervalSeconds, deps.intervalSeconds) * 2, MAX_INTERVAL_SECONDS)
      : row.intervalSeconds;
    await saveCheck(tx.db, row.id, {
      ...base,
      state: confirmed ? "down" : "down_unconfirmed",
      consecutiveDown: downs,
      intervalSeconds: interval,
      nextCheckAt: new Date(
        now.getTime() +
          (confirmed ? interval : Math.min(CONFIRM_AFTER_SECONDS, deps.intervalSeconds)) * 1000,
      ),
      firstDownAt: row.firstDownAt ?? now,
      ...(confirmed && row.state !== "down" ? { downConfirmedAt: now } : {}),
    });
    if (confirmed && row.state !== "down") {
      await addTimeline(tx, row.caseId, "watch", "system", {
        step: "down",
        url: row.url,
        first_down_at: (row.firstDownAt ?? now).toISOString(),
        last_up_at: row.lastUpAt?.toISOString() ?? null,
        reason: seen.reason,
      });
      // A page never seen up may only hide from us (kits cloak crawlers): it does not close
      // anyone's request.
      if (row.firstUpAt !== null) await resourceDownOnCase(tx, row.caseId, at);
    }
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}
