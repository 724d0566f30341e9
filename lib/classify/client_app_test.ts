import assert from "node:assert/strict";
import { classifyClientApp, CLIENT_APPS, isLegacyClientApp, labelClientApp } from "./client_app.ts";

// Legacy flags from Microsoft's list of legacy-authentication client apps; modern: Browser, Mobile Apps and Desktop clients.
const CASES: { input: unknown; id: string; legacy: boolean | undefined }[] = [
  { input: "Browser", id: "browser", legacy: false },
  { input: "Mobile Apps and Desktop clients", id: "mobileAppsAndDesktopClients", legacy: false },
  { input: "Exchange ActiveSync", id: "exchangeActiveSync", legacy: true },
  { input: "IMAP4", id: "imap4", legacy: true },
  { input: "POP3", id: "pop3", legacy: true },
  { input: "SMTP", id: "authenticatedSmtp", legacy: true },
  { input: "Authenticated SMTP", id: "authenticatedSmtp", legacy: true },
  { input: "MAPI Over HTTP", id: "mapiOverHttp", legacy: true },
  { input: "Offline Address Book", id: "offlineAddressBook", legacy: true },
  { input: "Other clients", id: "otherClients", legacy: true },
  { input: "Exchange Web Services", id: "exchangeWebServices", legacy: true },
  { input: "AutoDiscover", id: "autodiscover", legacy: true },
  { input: "Exchange Online PowerShell", id: "exchangeOnlinePowerShell", legacy: true },
  { input: "Outlook Anywhere (RPC over HTTP)", id: "outlookAnywhere", legacy: true },
  { input: "Reporting Web Services", id: "reportingWebServices", legacy: true },
  { input: "Universal Outlook", id: "universalOutlook", legacy: true },
  { input: "browser ", id: "browser", legacy: false },
  { input: "Telnet", id: "unknown", legacy: undefined },
  { input: 1, id: "unknown", legacy: undefined },
];

Deno.test("classifyClientApp() and isLegacyClientApp() flag legacy authentication", async (t) => {
  for (const c of CASES) {
    await t.step(String(c.input), () => {
      const r = classifyClientApp(c.input);
      assert.equal(r.kind === "known" ? r.id : "unknown", c.id);
      assert.equal(isLegacyClientApp(c.input), c.legacy);
    });
  }
});

Deno.test("only the two modern client apps are not legacy", () => {
  const modern = Object.entries(CLIENT_APPS).filter(([, e]) => !e.legacy).map(([id]) => id).sort();
  assert.deepEqual(modern, ["browser", "mobileAppsAndDesktopClients"]);
  assert.equal(labelClientApp("outlookAnywhere"), "Outlook Anywhere (RPC over HTTP)");
});
