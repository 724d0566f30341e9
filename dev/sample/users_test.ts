import assert from "node:assert/strict";
import { generateUsers } from "./users.ts";
import { MIN_SAMPLE_USERS } from "./options.ts";

const USERS = generateUsers({ seed: 11, users: 200 });
const names = USERS.map((u) => String(u.displayName));
const upns = USERS.map((u) => String(u.userPrincipalName));

Deno.test("generateUsers() returns the requested number of users with unique ids and UPNs", () => {
  assert.equal(USERS.length, 200);
  assert.equal(new Set(USERS.map((u) => u.id)).size, 200);
  assert.equal(new Set(upns).size, 200);
  for (const u of USERS) {
    assert.match(String(u.id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(String(u.createdDateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(typeof u.accountEnabled, "boolean");
  }
});

Deno.test("generateUsers() covers every kind of account", async (t) => {
  const CASES = [
    {
      name: "guests with #EXT# UPNs from fabrikam.example",
      test: (upn: string) => /^[^@]+_fabrikam\.example#EXT#@contoso\.example$/.test(upn),
    },
    { name: "service accounts svc-…", test: (upn: string) => upn.startsWith("svc-") },
    { name: "break-glass accounts", test: (upn: string) => upn.startsWith("bg-admin-") },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => assert.ok(upns.some(c.test)));
  }
  await t.step("disabled accounts", () => assert.ok(USERS.some((u) => u.accountEnabled === false)));
  await t.step("guests have userType Guest and a fabrikam mail", () => {
    for (const u of USERS.filter((x) => String(x.userPrincipalName).includes("#EXT#"))) {
      assert.equal(u.userType, "Guest");
      assert.match(String(u.mail), /@fabrikam\.example$/);
    }
  });
  await t.step("every non-guest UPN is on contoso.example", () => {
    for (const upn of upns.filter((x) => !x.includes("#EXT#"))) {
      assert.match(upn, /^[^@#]+@contoso\.example$/);
    }
  });
});

Deno.test("generateUsers() includes hostile and non-ASCII display names", async (t) => {
  const CASES = [
    {
      name: "markup and pipes",
      test: (n: string) => n.includes("<img src=x onerror=alert(1)>") && n.includes("|"),
    },
    { name: "a Markdown link", test: (n: string) => /\[a\]\(http:\/\/[^)]+\)/.test(n) },
    { name: "a backtick", test: (n: string) => n.includes("`") },
    { name: "a leading spreadsheet formula", test: (n: string) => n.startsWith("=") },
    { name: "a newline", test: (n: string) => n.includes("\n") },
    { name: "Latin diacritics", test: (n: string) => n === "Zoë Ångström" },
    { name: "Hangul", test: (n: string) => n === "김민준" },
  ];
  for (const c of CASES) await t.step(c.name, () => assert.ok(names.some(c.test)));
});

Deno.test("generateUsers() is deterministic and keeps user i when the tenant grows", () => {
  assert.deepEqual(generateUsers({ seed: 11, users: 200 }), USERS);
  const small = generateUsers({ seed: 11, users: MIN_SAMPLE_USERS + 5 });
  assert.deepEqual(small, USERS.slice(0, MIN_SAMPLE_USERS + 5));
  const other = generateUsers({ seed: 12, users: 200 });
  assert.notDeepEqual(other, USERS);
  assert.equal(other.filter((u, i) => u.id === USERS[i]?.id).length, 0);
});
