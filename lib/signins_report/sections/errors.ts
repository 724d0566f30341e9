/**
 * Report section "Sign-in results and errors": logical sign-ins per error-code bucket and the
 * most frequent error codes with their meaning.
 *
 * @module
 */
import {
  ERROR_CODE_BUCKETS,
  type ErrorCodeBucket,
  errorCodeMeaning,
  labelErrorCodeBucket,
} from "../../classify/mod.ts";
import { type Cell, markdownHeading, markdownTable } from "../../report/mod.ts";
import { CountMap, OVERFLOW_KEY } from "../../report/count_map.ts";
import type { SigninsReport } from "../report.ts";
import { moreRows, nonZero, pct } from "./_markdown.ts";
import {
  addCounts,
  keysOf,
  type ReportSection,
  type SectionLimits,
  type SignInInput,
  type SummaryContext,
  zeroRecord,
} from "./section.ts";

/** The section's part of the report. */
export type ErrorsPart = Pick<SigninsReport, "errors" | "errorCodes">;

/** Counts of results and error codes. */
export class ErrorsSection implements ReportSection<ErrorsPart> {
  readonly errors: Record<ErrorCodeBucket | "unknown", number> = zeroRecord(keysOf(ERROR_CODE_BUCKETS));
  readonly errorCodes: CountMap;
  /** The bucket of each code counted (as many as the codes). */
  readonly codeBuckets: Map<string, ErrorCodeBucket | "unknown"> = new Map();
  readonly #maxKeys: number;

  /** @param limits map caps */
  constructor(limits: SectionLimits) {
    this.#maxKeys = limits.maxKeys;
    this.errorCodes = new CountMap(limits.maxKeys);
  }

  /** The last error code counted and its text (a cache, not state). */
  #lastCode: number | null = null;
  #lastCodeText = "(none)";

  /** Counts one sign-in. */
  add({ s, f }: SignInInput, n = 1): void {
    this.errors[f.errorBucket] += n;
    const code = s.errorCode;
    if (code !== 0) {
      let key = this.#lastCodeText;
      if (code !== this.#lastCode) {
        key = this.#lastCodeText = code === null ? "(none)" : String(code);
        this.#lastCode = code;
      }
      this.errorCodes.add(key, n);
      if (!this.codeBuckets.has(key) && this.codeBuckets.size < this.#maxKeys) {
        this.codeBuckets.set(key, f.errorBucket);
      }
    }
  }

  /** Adds the state of a section that counted later sign-ins. */
  merge(o: ErrorsSection): void {
    addCounts(this.errors, o.errors);
    this.errorCodes.merge(o.errorCodes);
    for (const [k, b] of o.codeBuckets) {
      if (!this.codeBuckets.has(k) && this.codeBuckets.size < this.#maxKeys) this.codeBuckets.set(k, b);
    }
  }

  /** The section's part of the report. */
  summary(ctx: SummaryContext): ErrorsPart {
    const errorCodes = ctx.cap("errorCodes", "Error codes", this.errorCodes.entries(), (e) => e.count).map(
      (e) => {
        const code = e.key === "(none)" || e.key === OVERFLOW_KEY ? null : Number(e.key);
        return {
          code,
          count: e.count,
          bucket: this.codeBuckets.get(e.key) ?? "unknown",
          meaning: code === null
            ? (e.key === OVERFLOW_KEY ? OVERFLOW_KEY : null)
            : errorCodeMeaning(code) ?? null,
        };
      },
    );
    return { errors: { ...this.errors }, errorCodes };
  }
}

/** The section in Markdown. */
export function errorMarkdown(r: SigninsReport): string[] {
  const rows = nonZero(r.errors as Record<ErrorCodeBucket | "unknown", number>);
  return [
    markdownHeading(2, "Sign-in results and errors"),
    "By the error code of the row that ended each logical sign-in.\n",
    markdownTable(
      ["Result", "Sign-ins", "Share"],
      rows.map(([k, v]) => [labelErrorCodeBucket(k), v, pct(v, r.totals.signIns)]),
    ),
    markdownHeading(3, "Most frequent error codes"),
    markdownTable(
      ["Error code", "Sign-ins", "Bucket", "Meaning"],
      [
        ...r.errorCodes.map((c): Cell[] => [
          c.code === null ? "(none)" : String(c.code),
          c.count,
          labelErrorCodeBucket(c.bucket),
          c.meaning,
        ]),
        ...moreRows(r, "errorCodes"),
      ],
    ),
  ];
}
