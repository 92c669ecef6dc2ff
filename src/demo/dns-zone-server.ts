import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import * as dnsPacket from "dns-packet";

/** The records of one name in a test zone. */
export interface TestZoneRecords {
  A?: string[];
  AAAA?: string[];
  /** A name with a CNAME answers every other type through its target, as a resolver sees it. */
  CNAME?: string;
  NS?: string[];
  MX?: { preference: number; exchange: string }[];
  /** One entry per record; an array is one record sent as several character-strings. */
  TXT?: (string | string[])[];
}

/** A running test DNS server and what it has been asked. */
export interface TestDnsServer {
  host: string;
  port: number;
  /** "127.0.0.1:PORT", ready for a resolver's server list. */
  address: string;
  /** Every question seen, in arrival order, with the name lowercased and without a trailing dot. */
  queries: { name: string; type: string }[];
  /** Replaces the records of `name` (adds the name when it is new). */
  set(name: string, records: TestZoneRecords): void;
  close(): Promise<void>;
}

export interface TestDnsServerOptions {
  /** Names whose queries are read and recorded but never answered, to provoke timeouts. */
  silent?: string[];
  /** Names answered with SERVFAIL. */
  servfail?: string[];
}

const RCODE_NOERROR = 0;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const TTL = 60;

const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** Starts an authoritative-style DNS server on 127.0.0.1 for a fixed zone (UDP, and TCP on the same port). */
export async function startDnsServer(
  zone: Record<string, TestZoneRecords>,
  opts: TestDnsServerOptions = {},
): Promise<TestDnsServer> {
  const records = new Map<string, TestZoneRecords>();
  for (const [name, recs] of Object.entries(zone)) records.set(norm(name), recs);
  const silent = new Set((opts.silent ?? []).map(norm));
  const servfail = new Set((opts.servfail ?? []).map(norm));
  const queries: { name: string; type: string }[] = [];

  /** The records answering `type` for `qname`, following CNAMEs within the zone. */
  function answersFor(qname: string, type: string): dnsPacket.Answer[] {
    const out: dnsPacket.Answer[] = [];
    // The question's own spelling goes back, as resolvers compare it with what they sent.
    let owner = qname;
    // A bound on the chain keeps a CNAME loop in a test zone from hanging the server.
    for (let hops = 0; hops < 8; hops++) {
      const recs = records.get(norm(owner));
      if (!recs) break;
      const base = { class: "IN" as const, name: owner, ttl: TTL };
      if (recs.CNAME !== undefined) {
        out.push({ ...base, type: "CNAME", data: recs.CNAME });
        if (type === "CNAME") break;
        owner = recs.CNAME;
        continue;
      }
      if (type === "A" || type === "AAAA" || type === "NS") {
        for (const data of recs[type] ?? []) out.push({ ...base, type, data });
      } else if (type === "MX") {
        for (const data of recs.MX ?? []) out.push({ ...base, type, data });
      } else if (type === "TXT") {
        for (const data of recs.TXT ?? []) out.push({ ...base, type, data });
      }
      break;
    }
    return out;
  }

  /** The answer to one query, or null when the query is to go unanswered. */
  function answer(query: Buffer): Buffer | null {
    let req: dnsPacket.DecodedPacket;
    try {
      req = dnsPacket.decode(query);
    } catch {
      return null; // Garbage gets silence, like a real server under attack would give it.
    }
    if (req.type !== "query") return null;
    const questions = req.questions ?? [];
    let rcode = RCODE_NOERROR;
    const answers: dnsPacket.Answer[] = [];
    for (const q of questions) {
      const name = norm(q.name);
      queries.push({ name, type: q.type });
      if (silent.has(name)) return null;
      if (servfail.has(name)) {
        rcode = RCODE_SERVFAIL;
        continue;
      }
      if (!records.has(name)) {
        rcode = RCODE_NXDOMAIN;
        continue;
      }
      answers.push(...answersFor(q.name, q.type));
    }
    const rd = (req.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    return dnsPacket.encode({
      type: "response",
      id: req.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | rd | rcode,
      questions,
      answers,
    });
  }

  const { udp, tcp, port } = await listenBoth();
  const connections = new Set<Socket>();

  udp.on("message", (msg, rinfo) => {
    const res = answer(msg);
    if (res) udp.send(res, rinfo.port, rinfo.address);
  });
  // A send to a client that has gone away must not crash the test run.
  udp.on("error", () => {});

  tcp.on("connection", (sock) => {
    connections.add(sock);
    sock.on("close", () => connections.delete(sock));
    sock.on("error", () => {});
    let buf = Buffer.alloc(0);
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const res = answer(buf.subarray(2, 2 + len));
        buf = buf.subarray(2 + len);
        if (res) {
          const framed = Buffer.alloc(2 + res.length);
          framed.writeUInt16BE(res.length, 0);
          res.copy(framed, 2);
          sock.write(framed);
        }
      }
    });
  });

  let closed: Promise<void> | undefined;
  return {
    host: "127.0.0.1",
    port,
    address: `127.0.0.1:${port}`,
    queries,
    set(name, recs) {
      records.set(norm(name), recs);
    },
    close() {
      closed ??= (async () => {
        for (const sock of connections) sock.destroy();
        await Promise.all([
          new Promise<void>((r) => udp.close(() => r())),
          new Promise<void>((r) => tcp.close(() => r())),
        ]);
      })();
      return closed;
    },
  };
}

/** A UDP socket on a random port of 127.0.0.1 and a TCP server on the same port. */
async function listenBoth(): Promise<{ udp: UdpSocket; tcp: Server; port: number }> {
  // The UDP port chosen by the system may be taken for TCP; another port is then tried.
  for (let attempt = 0; ; attempt++) {
    const udp = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(0, "127.0.0.1", () => {
        udp.off("error", reject);
        resolve();
      });
    });
    const port = udp.address().port;
    const tcp = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(port, "127.0.0.1", () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (e) {
      await new Promise<void>((r) => udp.close(() => r()));
      if (attempt >= 10) throw e;
    }
  }
}
