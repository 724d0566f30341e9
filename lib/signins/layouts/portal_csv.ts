/**
 * Layout: the Entra portal's sign-in "Download CSV" (InteractiveSignIns_…, NonInteractiveSignIns_…,
 * ApplicationSignIns_…, MSISignIns_…, joined with the matching `…_AuthDetails_…` file).
 *
 * @module
 */
import type { SignInLayout } from "./layout.ts";

/** Portal CSV download. */
export const PORTAL_CSV_LAYOUT = {
  id: "portal-csv",
  format: "portal-csv",
  label: "Entra portal CSV download",
  producedBy: "Entra admin center › Sign-in logs › Download › CSV",
  detectedBy: "`Request ID` or `Date (UTC)` in the header",
  timeColumns: ["Date (UTC)"],
  dateCulture: "ISO 8601 UTC",
  limits:
    "max 100,000 rows per file; no CA policy detail; steps only with the AuthDetails file; event type from the file name",
} as const satisfies SignInLayout;
