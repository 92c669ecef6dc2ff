// The data of the takedown section: the case's requests, one request with its replies, and
// the contacts lookup of the case's resource.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, query } from "../../api.ts";
import type { ContactLookup, TakedownRequest, TakedownRequestList } from "../../types.ts";

/** The requests of a case, oldest first; `trigger` changing (the timeline moving) reloads. */
export function useTakedownRequests(
  caseId: number,
  trigger: unknown,
  onError: (e: unknown) => void,
) {
  const [requests, setRequests] = useState<TakedownRequest[] | null>(null);
  const reload = useCallback(async () => {
    try {
      const r = await api<TakedownRequestList>("GET", `/api/v1/cases/${caseId}/takedown-requests`);
      setRequests(r.requests);
    } catch (e) {
      setRequests((prev) => prev ?? []);
      onError(e);
    }
  }, [caseId, onError]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the trigger is the point
  useEffect(() => {
    reload();
  }, [reload, trigger]);
  return { requests, reload };
}

/** One request with the recipient's replies; loaded again when the request changes. */
export function useTakedownRequest(id: number, version: string) {
  const [request, setRequest] = useState<TakedownRequest | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version is a new request
  useEffect(() => {
    let live = true;
    api<TakedownRequest>("GET", `/api/v1/takedown-requests/${id}`)
      .then((r) => {
        if (!live) return;
        setRequest(r);
        setError(null);
      })
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, [id, version]);
  return { request, error };
}

/** Who can act on the resource: the kept answer first, a fresh one on request. */
export function useContacts(resource: string) {
  const [lookup, setLookup] = useState<ContactLookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Only the answer to the latest question counts (the resource may change meanwhile).
  const latest = useRef(0);
  const load = useCallback(
    async (fresh: boolean) => {
      const n = ++latest.current;
      setBusy(true);
      try {
        const answer = await api<ContactLookup>(
          "GET",
          `/api/v1/contacts${query({ resource, fresh: fresh ? "true" : undefined })}`,
        );
        if (n !== latest.current) return;
        setLookup(answer);
        setError(null);
      } catch (e) {
        if (n !== latest.current) return;
        setError(e instanceof ApiError ? e.message : String(e));
      } finally {
        if (n === latest.current) setBusy(false);
      }
    },
    [resource],
  );
  useEffect(() => {
    setLookup(null);
    setError(null);
    load(false);
  }, [load]);
  return { lookup, error, busy, refresh: () => load(true) };
}
