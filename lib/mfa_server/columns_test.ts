import assert from "node:assert/strict";
import { locateMfaServerColumns, type MfaServerColumn, normaliseHeader } from "./columns.ts";

const CASES: { name: string; headers: string[]; want: { [K in MfaServerColumn]?: number } }[] = [
  {
    name: "the English download",
    headers: [
      "Date/Time",
      "Username",
      "Authentication Type",
      "Application",
      "IP Address",
      "Phone",
      "Call Result",
    ],
    want: { date: 0, user: 1, method: 2, application: 3, ip: 4, phone: 5, callResult: 6 },
  },
  {
    name: "lower case with underscores",
    headers: ["call_result", "user_name", "date_time"],
    want: { callResult: 0, user: 1, date: 2 },
  },
  {
    name: "French headers with accents",
    headers: ["Date et heure", "Utilisateur", "Méthode", "Résultat"],
    want: { date: 0, user: 1, method: 2, callResult: 3 },
  },
  {
    name: "French headers without accents",
    headers: ["Resultat", "Telephone"],
    want: { callResult: 0, phone: 1 },
  },
  {
    name: "German headers with separate date and time",
    headers: ["Datum", "Uhrzeit", "Benutzer", "Ergebnis", "IP-Adresse"],
    want: { date: 0, time: 1, user: 2, callResult: 3, ip: 4 },
  },
  {
    name: "Spanish headers",
    headers: ["Fecha y hora", "Usuario", "Resultado", "Teléfono"],
    want: { date: 0, user: 1, callResult: 2, phone: 3 },
  },
  {
    name: "Korean headers from the seed documentation",
    headers: ["날짜", "사용자", "통화 결과"],
    want: { date: 0, user: 1, callResult: 2 },
  },
  {
    name: "Call Result preferred over a plain Result column",
    headers: ["Result", "Call Result"],
    want: { callResult: 1 },
  },
  {
    name: "Time alone is kept as the time column",
    headers: ["Time", "User", "Result"],
    want: { time: 0, user: 1, callResult: 2 },
  },
  {
    name: "headers with surrounding spaces and odd case",
    headers: ["  USERNAME ", " call RESULT"],
    want: { user: 0, callResult: 1 },
  },
  {
    name: "no call-result column",
    headers: ["Date", "User", "Status"],
    want: { date: 0, user: 1 },
  },
];

Deno.test("locateMfaServerColumns() finds columns by header synonym", async (t) => {
  for (const c of CASES) {
    await t.step(`locateMfaServerColumns() reads ${c.name}`, () => {
      const found = locateMfaServerColumns(c.headers);
      const indexes: { [K in MfaServerColumn]?: number } = {};
      for (const [k, v] of Object.entries(found)) indexes[k as MfaServerColumn] = v.index;
      assert.deepEqual(indexes, c.want);
      for (const v of Object.values(found)) assert.equal(v.header, c.headers[v.index]);
    });
  }
});

Deno.test("locateMfaServerColumns() uses a header for one column only", () => {
  const found = locateMfaServerColumns(["User", "User", "Result"]);
  assert.equal(found.user?.index, 0);
  assert.equal(found.callResult?.index, 2);
});

Deno.test("normaliseHeader() ignores case, accents, spacing and punctuation", () => {
  assert.equal(normaliseHeader("Résultat de l'appel"), "resultatdelappel");
  assert.equal(normaliseHeader("IP-Adresse"), "ipadresse");
  assert.equal(normaliseHeader("\uFEFFCall Result"), "callresult");
});
