// The in-memory, time-aware netblock index.
//
// CIDR blocks never partially overlap: two blocks are nested or disjoint. Sweeping the blocks
// in (start, prefix length) order cuts the address space into disjoint elementary ranges, and
// every address of one range is covered by the same chain of blocks. Each range points to
// that chain, flattened most specific first and, within one CIDR, latest validFrom first; a
// lookup is a binary search for the range plus a short scan for the first entry valid at the
// given time. Range starts live in typed arrays (IPv6 as four 32-bit words) so the hot path
// allocates nothing and never touches BigInt.
import { isMappedIPv4, parseIPv4, parseIPv6 } from "./ip-parse.ts";

/** One assignment of a netblock; the period is [validFrom, validTo) in ms since the epoch, null = open. */
export interface Assignment {
  cidr: string;
  validFrom: number;
  validTo: number | null;
}

interface Block {
  start: bigint;
  end: bigint;
  prefix: number;
  /** Indices into the input, latest validFrom first. */
  items: number[];
  /** Where this block's chain sits in the flat candidate arrays; -1 until first needed. */
  chainOff: number;
  chainLen: number;
}

interface Table {
  starts: bigint[];
  offs: Int32Array;
  lens: Int32Array;
}

const MAX_V4 = (1n << 32n) - 1n;
const MAX_V6 = (1n << 128n) - 1n;

function wordsToBigint(w: Uint32Array): bigint {
  return (
    (BigInt(w[0] as number) << 96n) |
    (BigInt(w[1] as number) << 64n) |
    (BigInt(w[2] as number) << 32n) |
    BigInt(w[3] as number)
  );
}

const scratch = new Uint32Array(4);

/** Parses a CIDR for building; throws an Error naming the CIDR when it is not one. */
function parseCidr(cidr: string): { v6: boolean; start: bigint; prefix: number } {
  const bad = (why: string) => new Error(`invalid CIDR ${JSON.stringify(cidr)}: ${why}`);
  if (typeof cidr !== "string") throw bad("not a string");
  const slash = cidr.indexOf("/");
  const addr = slash < 0 ? cidr : cidr.slice(0, slash);
  let v6 = false;
  let start: bigint;
  const v4 = parseIPv4(addr);
  if (v4 >= 0) {
    start = BigInt(v4);
  } else if (parseIPv6(addr, scratch)) {
    v6 = true;
    start = wordsToBigint(scratch);
  } else {
    throw bad("not an IPv4 or IPv6 address");
  }
  const bits = v6 ? 128 : 32;
  let prefix = bits;
  if (slash >= 0) {
    const p = cidr.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) throw bad(`prefix length must be 0–${bits}`);
    prefix = Number(p);
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((start & hostMask) !== 0n) {
    const net = start & ~hostMask;
    const shown = v6 ? bigintToV6(net) : bigintToV4(net);
    throw bad(`host bits are set (the network is ${shown}/${prefix})`);
  }
  // Lookups send mapped addresses to the IPv4 table, so a block inside ::ffff:0:0/96 goes there too.
  if (v6 && prefix >= 96 && start >> 32n === 0xffffn) {
    return { v6: false, start: start & MAX_V4, prefix: prefix - 96 };
  }
  return { v6, start, prefix };
}

function bigintToV4(n: bigint): string {
  const x = Number(n);
  return `${Math.floor(x / 16777216)}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
}

function bigintToV6(n: bigint): string {
  const parts: string[] = [];
  for (let k = 7; k >= 0; k--) parts.push(((n >> BigInt(k * 16)) & 0xffffn).toString(16));
  return parts.join(":");
}

/**
 * Cuts [0, max] into elementary ranges. `blocks` are distinct CIDRs sorted by (start, prefix);
 * the chains are appended to `flat` (indices into the input).
 */
function sweep(blocks: Block[], max: bigint, flat: number[]): Table {
  const starts: bigint[] = [];
  const offs: number[] = [];
  const lens: number[] = [];
  const stack: Block[] = [];
  let cursor = 0n;
  const emit = (last: bigint) => {
    if (cursor > last) return;
    const top = stack[stack.length - 1];
    if (top && top.chainOff < 0) {
      top.chainOff = flat.length;
      for (let k = stack.length - 1; k >= 0; k--)
        for (const it of (stack[k] as Block).items) flat.push(it);
      top.chainLen = flat.length - top.chainOff;
    }
    starts.push(cursor);
    offs.push(top ? top.chainOff : 0);
    lens.push(top ? top.chainLen : 0);
    cursor = last + 1n;
  };
  for (const b of blocks) {
    for (
      let top = stack[stack.length - 1];
      top && top.end < b.start;
      top = stack[stack.length - 1]
    ) {
      emit(top.end);
      stack.pop();
    }
    emit(b.start - 1n);
    stack.push(b);
  }
  for (let top = stack[stack.length - 1]; top; top = stack[stack.length - 1]) {
    emit(top.end);
    stack.pop();
  }
  emit(max);
  return { starts, offs: Int32Array.from(offs), lens: Int32Array.from(lens) };
}

function distinctBlocks(
  entries: { start: bigint; prefix: number; index: number }[],
  bits: number,
  items: readonly Assignment[],
): Block[] {
  entries.sort((a, b) =>
    a.start < b.start
      ? -1
      : a.start > b.start
        ? 1
        : a.prefix - b.prefix || compareValidity(items, a.index, b.index),
  );
  const blocks: Block[] = [];
  let last: Block | undefined;
  for (const e of entries) {
    if (last && last.start === e.start && last.prefix === e.prefix) {
      last.items.push(e.index);
      continue;
    }
    last = {
      start: e.start,
      end: e.start + (1n << BigInt(bits - e.prefix)) - 1n,
      prefix: e.prefix,
      items: [e.index],
      chainOff: -1,
      chainLen: 0,
    };
    blocks.push(last);
  }
  return blocks;
}

/** Latest validFrom first; on a tie the later input item first, as the newer row. */
function compareValidity(items: readonly Assignment[], a: number, b: number): number {
  return (items[b] as Assignment).validFrom - (items[a] as Assignment).validFrom || b - a;
}

/**
 * A time-aware longest-prefix-match index over netblock assignments. IPv4-mapped addresses and
 * blocks (inside ::ffff:0:0/96) count as IPv4, unlike PostgreSQL, where ::ffff:192.0.2.1 is not
 * inside 192.0.2.0/24: a report naming a mapped address is about that IPv4 host.
 */
export class IpIndex<T extends Assignment> {
  private constructor(
    private readonly count: number,
    private readonly v4Starts: Uint32Array,
    private readonly v4Buckets: Int32Array,
    private readonly v4Offs: Int32Array,
    private readonly v4Lens: Int32Array,
    private readonly v6Starts: Uint32Array,
    private readonly v6Offs: Int32Array,
    private readonly v6Lens: Int32Array,
    private readonly candFrom: Float64Array,
    private readonly candTo: Float64Array,
    private readonly candItem: readonly T[],
  ) {}

  /** Builds the index; throws an Error naming the offending CIDR or period. */
  static build<T extends Assignment>(items: readonly T[]): IpIndex<T> {
    const v4: { start: bigint; prefix: number; index: number }[] = [];
    const v6: { start: bigint; prefix: number; index: number }[] = [];
    items.forEach((it, index) => {
      const { v6: isV6, start, prefix } = parseCidr(it.cidr);
      if (!Number.isFinite(it.validFrom)) {
        throw new Error(
          `netblock ${it.cidr}: validFrom must be a finite time, got ${it.validFrom}`,
        );
      }
      if (it.validTo !== null && !(it.validTo > it.validFrom)) {
        throw new Error(
          `netblock ${it.cidr}: validTo (${it.validTo}) must be after validFrom (${it.validFrom})`,
        );
      }
      (isV6 ? v6 : v4).push({ start, prefix, index });
    });
    const flat: number[] = [];
    const t4 = sweep(distinctBlocks(v4, 32, items), MAX_V4, flat);
    const t6 = sweep(distinctBlocks(v6, 128, items), MAX_V6, flat);
    const v4Starts = Uint32Array.from(t4.starts, Number);
    // v4Buckets[h] is the range holding the address h·2^16: a lookup binary-searches only the
    // few ranges between two buckets instead of all of them.
    const v4Buckets = new Int32Array(65537);
    for (let h = 0, r = 0; h < 65536; h++) {
      const a = h * 65536;
      while (r + 1 < v4Starts.length && (v4Starts[r + 1] as number) <= a) r++;
      v4Buckets[h] = r;
    }
    v4Buckets[65536] = v4Starts.length - 1;
    const v6Starts = new Uint32Array(t6.starts.length * 4);
    t6.starts.forEach((s, r) => {
      for (let k = 0; k < 4; k++)
        v6Starts[r * 4 + k] = Number((s >> BigInt(96 - 32 * k)) & 0xffffffffn);
    });
    const candFrom = new Float64Array(flat.length);
    const candTo = new Float64Array(flat.length);
    const candItem: T[] = new Array(flat.length);
    flat.forEach((index, k) => {
      const it = items[index] as T;
      candFrom[k] = it.validFrom;
      candTo[k] = it.validTo ?? Number.POSITIVE_INFINITY;
      candItem[k] = it;
    });
    return new IpIndex(
      items.length,
      v4Starts,
      v4Buckets,
      t4.offs,
      t4.lens,
      v6Starts,
      t6.offs,
      t6.lens,
      candFrom,
      candTo,
      candItem,
    );
  }

  /** The number of assignments indexed. */
  get size(): number {
    return this.count;
  }

  /** The most specific assignment whose CIDR holds `ip` and that is valid at `at`; null if none. */
  lookup(ip: string, at: number): T | null {
    // Callers pass fields of parsed reports; a missing one must not throw.
    if (typeof ip !== "string") return null;
    const v4 = parseIPv4(ip);
    if (v4 >= 0) return this.lookupV4(v4, at);
    if (!parseIPv6(ip, scratch)) return null;
    if (isMappedIPv4(scratch)) return this.lookupV4(scratch[3] as number, at);
    return this.lookupV6(scratch, at);
  }

  private lookupV4(ip: number, at: number): T | null {
    const starts = this.v4Starts;
    // The answer lies between the range holding h·2^16 and the one holding (h+1)·2^16.
    const h = ip >>> 16;
    let lo = this.v4Buckets[h] as number;
    let hi = this.v4Buckets[h + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= ip) lo = mid;
      else hi = mid - 1;
    }
    return this.pick(this.v4Offs[lo] as number, this.v4Lens[lo] as number, at);
  }

  private lookupV6(w: Uint32Array, at: number): T | null {
    const starts = this.v6Starts;
    const w0 = w[0] as number;
    const w1 = w[1] as number;
    const w2 = w[2] as number;
    const w3 = w[3] as number;
    let lo = 0;
    let hi = starts.length / 4 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const m = mid * 4;
      const s0 = starts[m] as number;
      let le: boolean;
      if (s0 !== w0) le = s0 < w0;
      else {
        const s1 = starts[m + 1] as number;
        if (s1 !== w1) le = s1 < w1;
        else {
          const s2 = starts[m + 2] as number;
          le = s2 !== w2 ? s2 < w2 : (starts[m + 3] as number) <= w3;
        }
      }
      if (le) lo = mid;
      else hi = mid - 1;
    }
    return this.pick(this.v6Offs[lo] as number, this.v6Lens[lo] as number, at);
  }

  private pick(off: number, len: number, at: number): T | null {
    const from = this.candFrom;
    const to = this.candTo;
    for (let k = off, end = off + len; k < end; k++) {
      if ((from[k] as number) <= at && at < (to[k] as number)) return this.candItem[k] as T;
    }
    return null;
  }
}
