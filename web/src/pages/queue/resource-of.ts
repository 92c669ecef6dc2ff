// What the queue's one search box means: a resource (IP, CIDR, domain, URL) or free text.

/** Does the search text look like an IP, CIDR, domain or URL (a resource search)? */
export function resourceOf(text: string): string | null {
  const s = text.trim();
  if (!s || /\s/.test(s)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      return new URL(s).hostname.replace(/^\[|\]$/g, "") || null;
    } catch {
      return null;
    }
  }
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(s)) return s;
  if (/^[0-9a-f:]+(\/\d{1,3})?$/i.test(s) && s.includes(":") && s.split(":").length > 2) return s;
  if (
    /^(?=.{1,253}$)([a-z0-9\u00a0-\uffff_-]{1,63}\.)+[a-z\u00a0-\uffff][a-z0-9\u00a0-\uffff-]{1,62}\.?$/i.test(
      s,
    )
  )
    return s;
  return null;
}
