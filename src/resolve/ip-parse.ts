// Hand-written address parsers for the lookup hot path: no regex, no allocation per call.
// They accept exactly the textual forms PostgreSQL's inet accepts for full addresses, so the
// in-memory index and the database agree on what an address is.

/**
 * Parses a dotted-quad IPv4 address in `s[from, to)` to an unsigned 32-bit number; -1 if invalid.
 * Leading zeros are read as decimal ("010" is 10), as PostgreSQL does: feeds zero-pad octets,
 * and nobody means octal in an abuse report.
 */
export function parseIPv4(s: string, from = 0, to = s.length): number {
  if (to - from < 7 || to - from > 15) return -1;
  let acc = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) return -1;
      acc = acc * 256 + part;
      part = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  // Multiplication rather than shifts keeps the result a non-negative number up to 2^32 - 1.
  return acc * 256 + part;
}

const groups = new Int32Array(8);

/**
 * Parses an IPv6 address (any case, `::` compression, optional dotted IPv4 tail) into four
 * big-endian 32-bit words written to `out`; false if invalid. Zone ids (`%eth0`) are invalid.
 */
export function parseIPv6(s: string, out: Uint32Array): boolean {
  const n = s.length;
  // The longest valid text is 8 groups of 4 digits with an IPv4 tail: 45 characters.
  if (n < 2 || n > 45) return false;
  let i = 0;
  let count = 0;
  let gap = -1;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let v = 0;
    let j = i;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      let h: number;
      if (c >= 48 && c <= 57) h = c - 48;
      else if (c >= 97 && c <= 102) h = c - 87;
      else if (c >= 65 && c <= 70) h = c - 55;
      else break;
      if (j - i >= 4) return false;
      v = (v << 4) | h;
    }
    if (j === i) return false;
    if (j < n && s.charCodeAt(j) === 46) {
      if (count > 6) return false;
      const v4 = parseIPv4(s, i, n);
      if (v4 < 0) return false;
      groups[count++] = Math.floor(v4 / 65536);
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (count === 8) return false;
    groups[count++] = v;
    if (j === n) break;
    if (s.charCodeAt(j) !== 58) return false;
    j++;
    if (j < n && s.charCodeAt(j) === 58) {
      if (gap >= 0) return false;
      gap = count;
      j++;
    } else if (j === n) {
      return false;
    }
    i = j;
  }
  if (gap < 0) {
    if (count !== 8) return false;
  } else {
    // "::" stands for at least one zero group.
    if (count > 7) return false;
    const shift = 8 - count;
    for (let k = count - 1; k >= gap; k--) groups[k + shift] = groups[k] as number;
    for (let k = gap; k < gap + shift; k++) groups[k] = 0;
  }
  for (let k = 0; k < 4; k++) {
    out[k] = (((groups[2 * k] as number) << 16) | (groups[2 * k + 1] as number)) >>> 0;
  }
  return true;
}

/** True if the parsed words are an IPv4-mapped address (::ffff:a.b.c.d). */
export function isMappedIPv4(w: Uint32Array): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0xffff;
}
