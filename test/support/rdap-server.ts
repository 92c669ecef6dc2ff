// The demo's RDAP server answers the tests' registries too.
export * from "../../src/demo/rdap-server.ts";
