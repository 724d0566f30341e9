import assert from "node:assert/strict";
import { createRedactor, truncateIp } from "./redact.ts";

const CASES: [string, string][] = [
  ["203.0.113.77", "203.0.113.0/24"],
  ["192.0.2.1", "192.0.2.0/24"],
  ["2001:db8:1:2:3:4:5:6", "2001:db8:1::/48"],
  ["2001:DB8:abcd::1", "2001:db8:abcd::/48"],
  ["2001:db8::", "2001:db8:0::/48"],
  ["::ffff:198.51.100.9", "198.51.100.0/24"],
  ["fe80::1%eth0", "fe80:0:0::/48"],
  ["300.1.1.1", "(redacted)"],
  ["", "(redacted)"],
  ["contoso.example", "(redacted)"],
];

Deno.test("truncateIp() keeps the network part only", async (t) => {
  for (const [ip, want] of CASES) {
    await t.step(
      `truncateIp() maps ${JSON.stringify(ip)} to ${want}`,
      () => assert.equal(truncateIp(ip), want),
    );
  }
});

Deno.test("createRedactor() gives the HMAC-SHA-256 of the lower-cased UPN, computed independently", async () => {
  const key = new TextEncoder().encode("another-sixteen-plus-byte-key");
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", k, new TextEncoder().encode("ana@contoso.example")),
  );
  const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(createRedactor(key).user(" Ana@Contoso.Example "), `user-${hex.slice(0, 12)}`);
  assert.throws(() => createRedactor(new Uint8Array(8)), /at least 16 bytes, got 8/);
  assert.equal(createRedactor().keySource, "random");
});
