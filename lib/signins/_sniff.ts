/**
 * What the first bytes of a sign-in file say: the first significant character, whether the first
 * line is one record (NDJSON), the white space before the first record.
 *
 * @module
 */
import { INPUT_FORMAT, type InputFormat } from "./sign_in.ts";

/** The JSON input formats. */
export const JSON_FORMATS: ReadonlySet<InputFormat> = new Set([
  INPUT_FORMAT.GraphNdjson,
  INPUT_FORMAT.GraphJson,
  INPUT_FORMAT.PortalJson,
  INPUT_FORMAT.LaJson,
  INPUT_FORMAT.PowerShellJson,
  INPUT_FORMAT.AzureDiagnostics,
]);

export function firstSignificant(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff) return i;
  }
  return -1;
}

/** Whether the first line is one complete JSON object that is not a Graph page (→ NDJSON). */
export function firstLineIsRecord(head: string, first: number): boolean {
  const nl = head.indexOf("\n", first);
  if (nl < 0) return false;
  try {
    const v: unknown = JSON.parse(head.slice(first, nl));
    return typeof v === "object" && v !== null && !Array.isArray((v as { value?: unknown }).value) &&
      !Array.isArray((v as { records?: unknown }).records);
  } catch {
    return false;
  }
}

/** The bytes (and line feeds among them) before a file's first record: a BOM, white space, U+FEFF. */
export function leadingWhiteSpace(head: Uint8Array): { bytes: number; lines: number } {
  let bytes = 0, lines = 0;
  for (;;) {
    const b = head[bytes];
    if (b === 32 || b === 13 || b === 9) bytes++;
    else if (b === 10) {
      bytes++;
      lines++;
    } else if (b === 0xef && head[bytes + 1] === 0xbb && head[bytes + 2] === 0xbf) bytes += 3;
    else return { bytes, lines };
  }
}
