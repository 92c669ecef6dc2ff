// The demo's DNS server answers the tests' zones too.
export * from "../../src/demo/dns-zone-server.ts";
