import assert from "node:assert/strict";
import { resolveGraphEndpoint } from "./cloud.ts";

Deno.test("resolveGraphEndpoint() maps each cloud to its Graph and login hosts", async (t) => {
  const CASES = [
    { cloud: "global", root: "https://graph.microsoft.com", login: "https://login.microsoftonline.com" },
    { cloud: "usgov", root: "https://graph.microsoft.us", login: "https://login.microsoftonline.us" },
    { cloud: "usgovdod", root: "https://dod-graph.microsoft.us", login: "https://login.microsoftonline.us" },
    {
      cloud: "china",
      root: "https://microsoftgraph.chinacloudapi.cn",
      login: "https://login.partner.microsoftonline.cn",
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.cloud} → ${c.root}`, () => {
      const e = resolveGraphEndpoint(c.cloud);
      assert.equal(e.root, c.root);
      assert.equal(e.authorityHost, c.login);
      assert.equal(e.scope, `${c.root}/.default`);
      assert.deepEqual(e.allowedHosts, [new URL(c.root).hostname]);
      assert.equal(e.custom, false);
    });
  }
});

Deno.test("resolveGraphEndpoint() lets --graph-url replace the host and the token's allowed hosts", async (t) => {
  const CASES = [
    { url: "http://127.0.0.1:8787", root: "http://127.0.0.1:8787", hosts: ["127.0.0.1", "127.0.0.1:8787"] },
    {
      url: "http://localhost:9000/v1.0/",
      root: "http://localhost:9000",
      hosts: ["localhost", "localhost:9000"],
    },
    { url: "http://[::1]:81/beta", root: "http://[::1]:81", hosts: ["[::1]", "[::1]:81"] },
    {
      url: "https://graph.contoso.example/proxy",
      root: "https://graph.contoso.example/proxy",
      hosts: ["graph.contoso.example"],
    },
  ];
  for (const c of CASES) {
    await t.step(`${c.url} → ${c.root}`, () => {
      const e = resolveGraphEndpoint("usgov", c.url);
      assert.equal(e.root, c.root);
      assert.deepEqual(e.allowedHosts, c.hosts);
      assert.equal(e.scope, "https://graph.microsoft.us/.default");
      assert.equal(e.custom, true);
    });
  }
});

Deno.test("resolveGraphEndpoint() rejects unusable clouds and URLs with a usage error", async (t) => {
  const CASES: [string, string | undefined, RegExp][] = [
    ["germany", undefined, /--cloud "germany": expected one of global, usgov, usgovdod, china/],
    ["global", "graph.microsoft.com", /expected an absolute URL/],
    ["global", "http://graph.contoso.example", /expected https, or http to localhost/],
    ["global", "https://user:pw@graph.contoso.example", /scheme, host, port and path only/],
    ["global", "https://graph.contoso.example/?x=1", /scheme, host, port and path only/],
  ];
  for (const [cloud, url, error] of CASES) {
    await t.step(`${cloud} ${url ?? ""} throws`, () => {
      assert.throws(
        () => resolveGraphEndpoint(cloud, url),
        (e: Error) => e.name === "UsageError" && error.test(e.message),
      );
    });
  }
});
