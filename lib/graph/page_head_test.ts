import assert from "node:assert/strict";
import { readPageHead } from "./page_head.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const L = "https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=a%20b";

/** Bodies and what their head tells (null: cannot tell); each checked against JSON.parse too. */
const CASES: [string, string, { nextLink: string; empty: boolean } | null][] = [
  ["Graph's order", `{"@odata.context":"c","@odata.nextLink":"${L}","value":[{"id":"1"}]}`, {
    nextLink: L,
    empty: false,
  }],
  ["spaces and new lines", ` {\n "@odata.nextLink" : "${L}" ,\r\n "value" : [ {"id":1} ] \n} \n`, {
    nextLink: L,
    empty: false,
  }],
  ["an escaped link", `{"@odata.nextLink":"https:\\/\\/g\\/n\\u0041","value":[1]}`, {
    nextLink: "https://g/nA",
    empty: false,
  }],
  [
    "a number and literals before",
    `{"@odata.count":12,"x":null,"y":true,"@odata.nextLink":"${L}","value":[1]}`,
    { nextLink: L, empty: false },
  ],
  ["empty value, link after", `{"value":[],"@odata.nextLink":"${L}"}`, { nextLink: L, empty: true }],
  ["empty value with spaces", `{"value":[ ],"@odata.nextLink":"${L}"}`, { nextLink: L, empty: true }],
  ["the last of two links", `{"@odata.nextLink":"a","@odata.nextLink":"${L}","value":[1]}`, {
    nextLink: L,
    empty: false,
  }],
  ["the link after the items", `{"value":[{"id":1}],"@odata.nextLink":"${L}"}`, null],
  ["no link (last page)", `{"@odata.context":"c","value":[{"id":1}]}`, null],
  ["no link, empty", `{"value":[]}`, null],
  ["no value", `{"@odata.nextLink":"${L}"}`, null],
  ["an empty link", `{"@odata.nextLink":"","value":[1]}`, null],
  ["a link that is not a string", `{"@odata.nextLink":5,"value":[1]}`, null],
  ["value not an array", `{"@odata.nextLink":"${L}","value":{"a":1}}`, null],
  ["an object before value", `{"@odata.nextLink":"${L}","x":{"value":[]},"value":[1]}`, null],
  ["an escaped key", `{"@odata.next\\u004cink":"${L}","value":[1]}`, null],
  ["cut short in the items", `{"@odata.nextLink":"${L}","value":[{"id":1},{"id"`, null],
  ["cut short after an item", `{"@odata.nextLink":"${L}","value":[{"id":1},{"id":2}`, null],
  ["cut short in the head", `{"@odata.nextLink":"htt`, null],
  ["not an object", `[1,2]`, null],
  ["empty", ``, null],
  ["an empty object", `{}`, null],
  ["a member after the empty value, then garbage", `{"value":[],"@odata.nextLink":"${L}"}}`, null],
];

for (const [name, body, want] of CASES) {
  Deno.test(`readPageHead: ${name}`, () => {
    const got = readPageHead(enc(body));
    assert.deepEqual(got, want);
    if (got !== null) {
      // what the head tells is what the whole body says
      const parsed = JSON.parse(body);
      assert.equal(parsed["@odata.nextLink"], got.nextLink);
      assert.equal(parsed.value.length === 0, got.empty);
    }
  });
}
