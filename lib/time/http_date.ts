/**
 * HTTP dates (RFC 9110 IMF-fixdate, as in `Retry-After` and `Date` headers) and the Azure CLI's
 * zone-less local `expiresOn`: the two date texts that come from outside the sign-in data.
 *
 * @module
 */

const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Epoch ms of an IMF-fixdate (`Wed, 02 Dec 2026 00:00:10 GMT`); NaN for any other text.
 *
 * @param text the header value, trimmed
 * @returns epoch ms, or NaN
 *
 * @example
 * ```ts
 * import { parseHttpDate } from "./http_date.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseHttpDate("Wed, 02 Dec 2026 00:00:10 GMT"), Date.UTC(2026, 11, 2, 0, 0, 10));
 * assert.ok(Number.isNaN(parseHttpDate("2026-12-02T00:00:10Z")));
 * assert.ok(Number.isNaN(parseHttpDate("soon")));
 * ```
 */
export function parseHttpDate(text: string): number {
  return IMF_FIXDATE.test(text) ? Date.parse(text) : NaN;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * Epoch ms of a zone-less date-time read as the machine's local time, as the Azure CLI writes
 * `expiresOn` (`2026-12-02 10:00:00.000000`); NaN for any other text.
 *
 * @param text the value
 * @returns epoch ms, or NaN
 *
 * @example
 * ```ts
 * import { parseLocalDateTime } from "./http_date.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseLocalDateTime("2026-12-02 10:00:00.000000"), new Date(2026, 11, 2, 10).getTime());
 * assert.ok(Number.isNaN(parseLocalDateTime("tomorrow")));
 * ```
 */
export function parseLocalDateTime(text: string): number {
  return LOCAL_DATE_TIME.test(text) ? Date.parse(text.replace(" ", "T")) : NaN;
}
