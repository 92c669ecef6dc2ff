import { parse as parseCsv } from "csv-parse/sync";
import { storableText } from "../../domain/storable.ts";

/*
 * CSV text into rows and fields, in constant memory, for feeds of any size. Lines are split
 * here rather than by csv-parse because csv-parse, after a quoting error or an over-long
 * record, drops the rest of the input even with `skip_records_with_error`; a row that is not
 * strictly well-formed is then read on its own by csv-parse/sync, which says what is wrong
 * with it. What the rows mean is the business of a RowSink.
 */

export const DEFAULT_MAX_LINE_LENGTH = 100_000;
const PROBLEMS_IN_SUMMARY = 20;

export interface RowProblem {
  /** The line of the file where the row starts (the header is row 1). */
  row: number;
  reason: string;
}

type Cells = string[];

/**
 * What the rows of a file become. The reader writes the trimmed bounds of a row's fields
 * into `starts` and `ends` (room for one field more than the header) and asks `map` for
 * the row's value.
 */
export interface RowSink<T> {
  readonly width: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Why the last row gave nothing. */
  readonly reason: string;
  /**
   * The value of a row of `fields` fields lying in `src`, or null (then `reason` says why).
   * `clean`: the row holds no character a database refuses (U+0000, a lone surrogate).
   */
  map(src: string, fields: number, raw: string, clean: boolean): T | null;
}

export interface CsvReaderOptions<T> {
  maxLineLength?: number;
  /** The sink for the rows, from the header's cells (lower case, trimmed); throws to refuse the file. */
  header(cells: string[]): RowSink<T>;
  /** The error for a file that cannot be read at all. */
  fail(message: string): Error;
  /** Called for each row that is skipped; the rest of the file is still read. */
  onProblem?: (problem: RowProblem) => void;
}

export const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** What String.prototype.trim removes: white space and line terminators. */
const isSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff));

const isBlank = (src: string, s: number, e: number) => {
  for (let i = s; i < e; i++) if (!isSpace(src.charCodeAt(i))) return false;
  return true;
};

const countQuotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/**
 * One record's fields by RFC 4180 (quoted fields, doubled quotes, commas and line ends inside
 * quotes), or null when the row is not strictly well-formed: then csv-parse reads it and says
 * what is wrong.
 */
export function splitRecord(text: string): Cells | null {
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // quoted field
      let value = "";
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q === -1) return null; // not closed
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      cells.push(value);
      if (i === n) return cells;
      if (text.charCodeAt(i) !== 44) return null; // something after the closing quote
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma === -1 ? n : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return null; // a quote inside an unquoted field
      cells.push(value);
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

/** One row's fields: splitRecord, else csv-parse, which says what is wrong with it. */
function readRecord(text: string): Cells | string {
  const fast = splitRecord(text);
  if (fast) return fast;
  try {
    const cells = parseCsv(text, { relax_column_count: true }) as Cells[];
    if (cells.length === 1) return cells[0] as Cells;
    return "the row does not read as one CSV record";
  } catch (e) {
    return `malformed CSV: ${clip(
      String((e as Error).message)
        .replace(/\s+/g, " ")
        .replace(/ at line \d+/, ""),
      160,
    )}`;
  }
}

/**
 * The whole pipeline, pulled value by value: text in, row values out in file order, row
 * problems to `onProblem` as they are met. Nothing is held but the current chunk and a
 * record that spans chunks, so a file of any size streams in constant memory.
 *
 * Rows are cut at line ends outside quotes. A line that is a whole record, in the current
 * chunk, is split into fields where it lies (the fast path: most rows of a feed); a record
 * over several lines or chunks is gathered first, and one that is not strictly well-formed
 * goes to csv-parse (the careful path). A row longer than `maxLineLength` is dropped as it
 * streams (never buffered whole) and reported; reading resumes at the next line.
 */
export class CsvReader<T> {
  private readonly max: number;
  private mapper: RowSink<T> | null = null;
  private started = false;
  // the current chunk, where reading is in it, and the next quote and comma from there
  private text = "";
  private pos = 1;
  private quoteAt = -1;
  private commaAt = -1;
  // a record being gathered over lines or chunks
  private carry = "";
  private carryRow = 1;
  private line = 1;
  private quotes = 0;
  private discarding = false;
  rows = 0;
  events = 0;
  problems = 0;
  firstProblems: RowProblem[] = [];

  // the current chunk holds no character a database refuses
  private clean = true;

  constructor(private readonly opts: CsvReaderOptions<T>) {
    this.max = opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** The sink the header made, once the header is read. */
  get sink(): RowSink<T> | null {
    return this.mapper;
  }

  /**
   * The next chunk of text; read it with next() until that returns null. `storable`: whether
   * the caller knows the text holds no character a database refuses (U+0000, a lone
   * surrogate); looked for here when it does not say.
   */
  push(chunk: string, storable?: boolean): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.text = text;
    this.clean = storable ?? storableText(text) === text;
    this.pos = 0;
    this.quoteAt = -1;
    this.commaAt = -1;
  }

  /** The next value of the text pushed so far, or null when it is used up. */
  next(): T | null {
    const text = this.text;
    for (;;) {
      const i = this.pos;
      if (i > text.length) return null;
      const nl = text.indexOf("\n", i);
      const mapper = this.mapper;
      if (
        nl !== -1 &&
        mapper !== null &&
        this.carry === "" &&
        !this.discarding &&
        nl - i <= this.max
      ) {
        // a whole line in this chunk, nothing gathered before it: the fast path
        const row = this.line++;
        this.carryRow = this.line;
        this.pos = nl + 1;
        const end = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (isBlank(text, i, end)) continue;
        const fields = this.fields(text, i, end);
        if (fields >= 0) {
          this.rows++;
          const event = mapper.map(text, fields, text.slice(i, end), this.clean);
          if (event !== null) {
            this.events++;
            return event;
          }
          this.problem({ row, reason: mapper.reason });
          continue;
        }
        const piece = text.slice(i, nl);
        const quotes = countQuotes(piece);
        if (quotes % 2 === 0) {
          const event = this.record(end === nl ? piece : piece.slice(0, -1), row);
          if (event !== null) return event;
          continue;
        }
        // a line end inside a quoted field: gather the record as below
        this.carry = `${piece}\n`;
        this.quotes = quotes;
        this.carryRow = row;
        continue;
      }
      const piece = text.slice(i, nl === -1 ? text.length : nl);
      if (!this.discarding) {
        if (this.carry.length + piece.length > this.max) {
          this.splitProblem({
            row: this.carryRow,
            reason: `the row is longer than ${this.max} characters`,
          });
          this.discarding = true;
          this.carry = "";
          this.quotes = 0;
        } else {
          this.carry += piece;
          this.quotes += countQuotes(piece);
        }
      }
      if (nl === -1) {
        this.pos = text.length + 1;
        return null;
      }
      this.pos = nl + 1;
      this.line++;
      if (this.discarding) {
        this.discarding = false;
        this.carryRow = this.line;
      } else if (this.quotes % 2 === 1) {
        this.carry += "\n"; // a line end inside a quoted field
      } else {
        const record = this.carry.endsWith("\r") ? this.carry.slice(0, -1) : this.carry;
        const row = this.carryRow;
        this.carry = "";
        this.quotes = 0;
        this.carryRow = this.line;
        if (record.trim() !== "") {
          const event = this.record(record, row);
          if (event !== null) return event;
        }
      }
    }
  }

  /** At the end of the input: the last record (a file need not end with a line end), if any. */
  end(): T | null {
    let event: T | null = null;
    if (!this.discarding) {
      if (this.quotes % 2 === 1) {
        const last = this.carry.endsWith("\n") ? this.line - 1 : this.line;
        const span =
          last > this.carryRow ? `rows ${this.carryRow}–${last}` : `row ${this.carryRow}`;
        this.splitProblem({
          row: this.carryRow,
          reason: `a quoted field is not closed before the end of the file (${span} skipped)`,
        });
      } else {
        const record = this.carry.endsWith("\r") ? this.carry.slice(0, -1) : this.carry;
        this.carry = "";
        if (record.trim() !== "") event = this.record(record, this.carryRow);
      }
    }
    if (!this.mapper) throw this.opts.fail("the file is empty: no header row");
    return event;
  }

  /** The next quote at or after p (the text's length when there is none); p only grows. */
  private quote(p: number): number {
    if (this.quoteAt < p) {
      const q = this.text.indexOf('"', p);
      this.quoteAt = q === -1 ? this.text.length : q;
    }
    return this.quoteAt;
  }

  /** The next comma at or after p, likewise. */
  private comma(p: number): number {
    if (this.commaAt < p) {
      const c = this.text.indexOf(",", p);
      this.commaAt = c === -1 ? this.text.length : c;
    }
    return this.commaAt;
  }

  /**
   * Splits the record text[from, to) into the mapper's field bounds, trimmed; returns the
   * number of fields, or -1 for the careful path: a quote that is not a field's own opening
   * or closing one (a doubled quote, a quote inside a field, a line end inside quotes), or
   * more fields than there is room for.
   */
  private fields(text: string, from: number, to: number): number {
    const mapper = this.mapper as RowSink<T>;
    const starts = mapper.starts;
    const ends = mapper.ends;
    const room = starts.length;
    let n = 0;
    let i = from;
    for (;;) {
      if (n === room) return -1;
      let s: number;
      let e: number;
      let last: boolean;
      if (i < to && text.charCodeAt(i) === 34) {
        const q = this.quote(i + 1);
        if (q >= to) return -1;
        s = i + 1;
        e = q;
        i = q + 1;
        last = i === to;
        if (!last) {
          if (text.charCodeAt(i) !== 44) return -1; // a doubled quote, or text after the closing one
          i++;
        }
      } else {
        const c = this.comma(i);
        e = Math.min(c, to);
        if (this.quote(i) < e) return -1;
        s = i;
        last = c >= to;
        i = e + 1;
      }
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      starts[n] = s;
      ends[n] = e;
      n++;
      if (last) return n;
    }
  }

  /** A record that took the careful path, or the header. */
  private record(text: string, row: number): T | null {
    const cells = readRecord(text);
    if (!this.mapper) {
      if (typeof cells === "string") {
        throw this.opts.fail(`the header row cannot be read: ${cells}`);
      }
      this.mapper = this.opts.header(cells.map((c) => c.trim().toLowerCase()));
      return null;
    }
    this.rows++;
    if (typeof cells === "string") {
      this.problem({ row, reason: cells });
      return null;
    }
    const mapper = this.mapper;
    const clean = storableText(text) === text;
    let event: T | null;
    if (cells.length !== mapper.width) {
      event = mapper.map("", cells.length, text, clean);
    } else {
      // the cells end to end, with their bounds, for the mapper
      let base = 0;
      cells.forEach((c, k) => {
        let s = 0;
        let e = c.length;
        while (s < e && isSpace(c.charCodeAt(s))) s++;
        while (e > s && isSpace(c.charCodeAt(e - 1))) e--;
        mapper.starts[k] = base + s;
        mapper.ends[k] = base + e;
        base += c.length;
      });
      event = mapper.map(cells.join(""), cells.length, text, clean);
    }
    if (event === null) this.problem({ row, reason: mapper.reason });
    else this.events++;
    return event;
  }

  /** A row the splitter dropped; before the header, the file cannot be read. */
  private splitProblem(p: RowProblem) {
    if (!this.mapper) throw this.opts.fail(`the header row cannot be read: ${p.reason}`);
    this.rows++;
    this.problem(p);
  }

  private problem(p: RowProblem) {
    this.problems++;
    if (this.firstProblems.length < PROBLEMS_IN_SUMMARY) this.firstProblems.push(p);
    this.opts.onProblem?.(p);
  }

  /** Thrown at the end when there were rows and none of them could be read. */
  nothingRead(): Error | null {
    if (this.events > 0 || this.problems === 0) return null;
    return this.opts.fail(
      `no row could be read (${this.problems} skipped): ${listProblems(this.firstProblems)}`,
    );
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
export const listProblems = (ps: RowProblem[]) =>
  ps.map((p) => `row ${p.row}: ${p.reason}`).join("; ");

/** A summary of a read with skipped rows ("3 events from 5 rows of "scan"; 2 rows skipped: …"). */
export function problemSummary(reader: CsvReader<unknown>, what: string): string | undefined {
  if (reader.problems === 0) return undefined;
  const more = reader.problems > reader.firstProblems.length ? "; …" : "";
  return (
    `${count(reader.events, "event")} from ${count(reader.rows, "row")} of "${what}"; ` +
    `${count(reader.problems, "row")} skipped: ${listProblems(reader.firstProblems)}${more}`
  );
}

/** The length of `bytes` but for a UTF-8 character cut off at the end. */
function wholeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i > n - 4; i--) {
    const b = bytes[i] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return n - i < needs ? i : n;
  }
  return n;
}

/**
 * TextDecoder's `decode(chunk, { stream: true })`, but each call decodes whole characters
 * in one go: Node leaves its fast UTF-8 path for good once a decoder streams, and is then
 * several times slower on a large report. A character cut at the end of a chunk waits for
 * the next one; a byte order mark is dropped at the start of the stream only.
 */
export class Utf8Chunks {
  private held: Uint8Array | null = null;
  private started = false;
  private readonly first = new TextDecoder("utf-8");
  private readonly rest = new TextDecoder("utf-8", { ignoreBOM: true });

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.held !== null) {
      bytes = new Uint8Array(this.held.length + chunk.length);
      bytes.set(this.held);
      bytes.set(chunk, this.held.length);
      this.held = null;
    }
    const whole = wholeLength(bytes);
    if (whole < bytes.length) {
      this.held = bytes.slice(whole);
      bytes = bytes.subarray(0, whole);
    }
    return this.text(bytes);
  }

  /** The end of a stream of bytes: a character left cut off is U+FFFD; what follows is a new stream. */
  flush(): string {
    const held = this.held;
    this.held = null;
    const text = held === null ? "" : this.text(held);
    this.started = false;
    return text;
  }

  private text(bytes: Uint8Array): string {
    if (bytes.length === 0) return "";
    const decoder = this.started ? this.rest : this.first;
    this.started = true;
    return decoder.decode(bytes);
  }
}
