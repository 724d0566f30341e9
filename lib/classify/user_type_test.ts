import assert from "node:assert/strict";
import { classifyUserType, isExternalUserPrincipalName, isUserType, labelUserType } from "./user_type.ts";

const EXT = "lee_fabrikam.example#EXT#@contoso.example";

const CASES: { name: string; type: unknown; upn?: unknown; expected: string }[] = [
  { name: "Member", type: "Member", expected: "member" },
  { name: "guest", type: "guest", expected: "guest" },
  { name: "external", type: "external", expected: "external" },
  { name: "member with #EXT# UPN", type: "member", upn: EXT, expected: "external" },
  { name: "guest with #EXT# UPN stays guest", type: "Guest", upn: EXT, expected: "guest" },
  { name: "missing type with #EXT# UPN", type: undefined, upn: EXT.toLowerCase(), expected: "external" },
  { name: "member with home UPN", type: "Member", upn: "adele@contoso.example", expected: "member" },
  { name: "sentinel", type: "unknownFutureValue", expected: "unknown" },
  { name: "number", type: 0, upn: 5, expected: "unknown" },
];

Deno.test("classifyUserType() maps user types and #EXT# accounts", async (t) => {
  for (const c of CASES) {
    await t.step(c.name, () => {
      const r = classifyUserType(c.type, c.upn);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.expected);
    });
  }
});

Deno.test("isExternalUserPrincipalName() finds #EXT# in any case", () => {
  assert.ok(isExternalUserPrincipalName(EXT));
  assert.ok(isExternalUserPrincipalName("x#ext#@contoso.example"));
  assert.ok(!isExternalUserPrincipalName("ext@contoso.example"));
  assert.ok(!isExternalUserPrincipalName({}));
  assert.ok(isUserType("external"));
  assert.equal(labelUserType("external"), "External user");
});
