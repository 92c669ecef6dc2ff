// The in-memory, time-aware domain index: a map from inventory domain to its assignments.
// A lookup walks from the host itself up through its parents (label by label, so
// "xyamada-shoten.example" never reaches "yamada-shoten.example") and returns the first
// assignment valid at the given time: the longest matching domain wins.

/** One assignment of a domain; the period is [validFrom, validTo) in ms since the epoch, null = open. */
export interface DomainAssignment {
  domain: string;
  validFrom: number;
  validTo: number | null;
}

interface Entry<T> {
  from: Float64Array;
  to: Float64Array;
  items: T[];
}

/**
 * Lower case without one trailing dot; null if it is not a syntactically valid host name.
 * Labels hold letters, digits, hyphens and underscores (service labels such as _dmarc); IDNs
 * arrive as punycode. A hand-written scan, because this runs once per lookup.
 */
function normalize(host: string): string | null {
  if (typeof host !== "string") return null;
  let n = host.length;
  if (n > 0 && host.charCodeAt(n - 1) === 46) n--;
  if (n === 0 || n > 253) return null;
  let upper = false;
  let labelStart = 0;
  for (let i = 0; i < n; i++) {
    const c = host.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart || i - labelStart > 63) return null;
      labelStart = i + 1;
    } else if (c >= 65 && c <= 90) {
      upper = true;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return null;
    }
  }
  if (n === labelStart || n - labelStart > 63) return null;
  const h = n === host.length ? host : host.slice(0, n);
  return upper ? h.toLowerCase() : h;
}

/** A time-aware index of the provider's domains, matching a host or any of its parents. */
export class DomainIndex<T extends DomainAssignment> {
  private constructor(
    private readonly byDomain: Map<string, Entry<T>>,
    private readonly count: number,
  ) {}

  /** Builds the index; throws an Error naming the offending domain or period. */
  static build<T extends DomainAssignment>(items: readonly T[]): DomainIndex<T> {
    const grouped = new Map<string, { item: T; index: number }[]>();
    items.forEach((item, index) => {
      const d = normalize(item.domain);
      if (d === null) throw new Error(`invalid domain ${JSON.stringify(item.domain)}`);
      if (!Number.isFinite(item.validFrom)) {
        throw new Error(`domain ${d}: validFrom must be a finite time, got ${item.validFrom}`);
      }
      if (item.validTo !== null && !(item.validTo > item.validFrom)) {
        throw new Error(
          `domain ${d}: validTo (${item.validTo}) must be after validFrom (${item.validFrom})`,
        );
      }
      const list = grouped.get(d);
      if (list) list.push({ item, index });
      else grouped.set(d, [{ item, index }]);
    });
    const byDomain = new Map<string, Entry<T>>();
    for (const [d, list] of grouped) {
      // Latest validFrom first; on a tie the later input item first, as the newer row.
      list.sort((a, b) => b.item.validFrom - a.item.validFrom || b.index - a.index);
      byDomain.set(d, {
        from: Float64Array.from(list, (e) => e.item.validFrom),
        to: Float64Array.from(list, (e) => e.item.validTo ?? Number.POSITIVE_INFINITY),
        items: list.map((e) => e.item),
      });
    }
    return new DomainIndex(byDomain, items.length);
  }

  /** The number of assignments indexed. */
  get size(): number {
    return this.count;
  }

  /** The longest inventory domain that is `host` or a parent of it, valid at `at`; null if none. */
  lookup(host: string, at: number): T | null {
    const h = normalize(host);
    if (h === null) return null;
    for (let i = 0; i >= 0; ) {
      const e = this.byDomain.get(i === 0 ? h : h.slice(i));
      if (e) {
        const { from, to } = e;
        for (let k = 0; k < from.length; k++) {
          if ((from[k] as number) <= at && at < (to[k] as number)) return e.items[k] as T;
        }
      }
      const dot = h.indexOf(".", i);
      i = dot < 0 ? -1 : dot + 1;
    }
    return null;
  }
}
