/**
 * The per-code CSV of the MFA Server activity report (`--format csv`): one line per
 * documented code (all 45, also those with 0 rows, so exports compare line by line) and one per
 * unknown value.
 *
 * @module
 */
import {
  MFA_SERVER_CALL_RESULT_CODES,
  MFA_SERVER_CALL_RESULTS,
  type MfaServerCallResultCode,
} from "../classify/mfa_server_call_result.ts";
import { type CsvValue, toCsv } from "../report/mod.ts";
import type { MfaServerSummary } from "./aggregate.ts";

/** The CSV columns. */
export const MFA_SERVER_CSV_HEADERS = ["code", "label", "channel", "outcome", "rows", "meaning"] as const;

/**
 * Renders the per-code table: rows descending, then code; unknown values have outcome
 * `unknown` and empty label, channel and meaning. Formula-safe, CRLF line ends.
 *
 * @param s the summary
 * @param options `bom` starts the file with a UTF-8 byte-order mark (for Excel)
 *
 * @example Formula-safe per-code table
 * ```ts
 * import { mfaServerCodesCsv } from "./render_csv.ts";
 * import { summarizeMfaServerActivity } from "./aggregate.ts";
 * import assert from "node:assert/strict";
 * const s = await summarizeMfaServerActivity([
 *   { kind: "row", file: "c.txt", line: 1, callResult: "=HYPERLINK()", timestamp: { kind: "missing" } },
 *   { kind: "row", file: "c.txt", line: 2, callResult: "CONFIG_ISSUE", timestamp: { kind: "missing" } },
 * ]);
 * const lines = mfaServerCodesCsv(s).split("\r\n");
 * assert.equal(lines[0], "code,label,channel,outcome,rows,meaning");
 * assert.equal(lines[1], `"'=HYPERLINK()",,,unknown,1,`);
 * assert.match(lines[2]!, /^CONFIG_ISSUE,Phone unreachable,phoneCall,denied,1,/);
 * assert.equal(lines.length, 1 + 45 + 1 + 1);
 * ```
 */
export function mfaServerCodesCsv(s: MfaServerSummary, options: { bom?: boolean } = {}): string {
  const counts = new Map<MfaServerCallResultCode, number>(s.codes.map((c) => [c.code, c.count]));
  const rows: { key: string; count: number; values: CsvValue[] }[] = MFA_SERVER_CALL_RESULT_CODES.map(
    (code) => {
      const e = MFA_SERVER_CALL_RESULTS[code];
      const count = counts.get(code) ?? 0;
      return { key: code, count, values: [code, e.label, e.channel, e.outcome, count, e.meaning] };
    },
  );
  for (const u of s.unknownCodes) {
    rows.push({ key: u.value, count: u.count, values: [u.value, "", "", "unknown", u.count, ""] });
  }
  rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return toCsv(MFA_SERVER_CSV_HEADERS, rows.map((r) => r.values), options);
}
