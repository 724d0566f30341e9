/**
 * Options of the sign-in readers (`readSignInBatches` in read_sign_ins.ts, `planNdjsonRanges` in read_ndjson_range.ts).
 *
 * @module
 */
import type { InputSource as SignInInput } from "../io/open.ts";
import type { DateOrder } from "../time/date_time.ts";
import type { InputFormat } from "./sign_in.ts";
import type { ReadStats } from "./read_stats.ts";

/** Options of {@linkcode readSignInBatches}. */
export interface ReadSignInsOptions {
  /** Skip detection and read as this format. @default detected from the first bytes / CSV header */
  inputFormat?: InputFormat;
  /** Name used in messages and `source.file` (streams and open files have none). @default the path, or "<stream>" */
  fileName?: string;
  /**
   * Portal CSV only: the `…_AuthDetails_…` file to join, or `false` for none. @default for a path
   * `X/InteractiveSignIns_A_B.csv`, `X/InteractiveSignIns_AuthDetails_A_B.csv` when it exists
   */
  authDetails?: SignInInput | false;
  /** Event type for records whose source does not say (e.g. a portal CSV renamed by the user). */
  eventType?: string;
  /** Counters to fill. */
  stats?: ReadStats;
  /** How many bad rows to keep as samples. @default 5 */
  maxBadRowSamples?: number;
  /** Longest record accepted, in characters (protects memory from a runaway quote). @default 16777216 */
  maxRecordChars?: number;
  /** Day/month order of culture-formatted dates (PowerShell CSV). @default found from the file */
  dateOrder?: DateOrder;
  /**
   * How NDJSON lines are read: `json` decodes the bytes and `JSON.parse`s each line; `wasm` walks
   * UTF-8 Graph NDJSON with the WebAssembly scanner (same sign-ins, bad rows and errors; other
   * files are read as text either way). @default "wasm"
   */
  scanner?: "json" | "wasm";
  /**
   * Graph-shaped records (Graph JSON and NDJSON, diagnostic-settings exports): leave the keys of
   * `LEAN_SKIPPED_KEYS` (graph_fields.ts: the request ids `originalRequestId`,
   * `uniqueTokenIdentifier`, `sessionId`, and `userAgent`, `resourceId`, `resourceDisplayName`,
   * `servicePrincipalId`, `servicePrincipalName`, `authenticationProtocol`,
   * `clientCredentialType`, `incomingTokenType`, `tokenIssuerName`, `riskDetail`,
   * `riskEventTypes`) unread, their fields null in every sign-in, for a caller that never looks
   * at them (the sign-ins report): fewer values to scan, intern and map per row. Other layouts
   * read them as usual. @default false
   */
  lean?: boolean;
}
