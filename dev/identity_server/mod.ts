/**
 * Test scaffolding: a local identity provider (loopback HTTPS, Entra v2.0 endpoints, managed
 * identity and CI OIDC endpoints) and the test PKI it runs on, for end-to-end tests of every
 * `--auth` mode together with the local Graph server (dev/graph_server), whose `acceptToken`
 * option takes {@linkcode IdentityServer.acceptsToken}.
 *
 * @module
 */
export { startIdentityServer } from "./server.ts";
export type { IdentityApp, IdentityServer, IdentityServerOptions } from "./server.ts";
export { createTestPki, openssl } from "./test_ca.ts";
export type { TestPki } from "./test_ca.ts";
