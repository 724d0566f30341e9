// Private lookup tables of the sample tenant: applications, service principals, places,
// devices, names, error texts. GUIDs are made up; IPs are documentation ranges.

import type { Prng } from "./prng.ts";

/** An application a user signs in to, with the resource it asks a token for. */
export interface SampleApp {
  appId: string;
  appDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  /** clientAppUsed for modern clients. */
  clientAppUsed: "Browser" | "Mobile Apps and Desktop clients";
  authenticationProtocol: string;
  /** Protected by the "Require compliant device for Azure management" policy. */
  azureManagement?: true;
}

const RES = {
  graph: ["0a000003-5a3e-4e00-8000-00000000c003", "Microsoft Graph"],
  exchange: ["0a000002-5a3e-4e00-8000-00000000c002", "Office 365 Exchange Online"],
  sharepoint: ["0a000004-5a3e-4e00-8000-00000000c004", "Office 365 SharePoint Online"],
  teams: ["0a000005-5a3e-4e00-8000-00000000c005", "Microsoft Teams Services"],
  arm: ["0a000006-5a3e-4e00-8000-00000000c006", "Windows Azure Service Management API"],
  aad: ["0a000007-5a3e-4e00-8000-00000000c007", "Windows Azure Active Directory"],
  keyVault: ["0a000008-5a3e-4e00-8000-00000000c008", "Azure Key Vault"],
  storage: ["0a000009-5a3e-4e00-8000-00000000c009", "Azure Storage"],
  payroll: ["0a00000a-5a3e-4e00-8000-00000000c00a", "Contoso Payroll"],
  avd: ["0a00000b-5a3e-4e00-8000-00000000c00b", "Azure Virtual Desktop"],
} as const;

function app(
  appId: string,
  appDisplayName: string,
  res: readonly [string, string],
  clientAppUsed: SampleApp["clientAppUsed"],
  authenticationProtocol = "none",
): SampleApp {
  return {
    appId,
    appDisplayName,
    resourceId: res[0],
    resourceDisplayName: res[1],
    clientAppUsed,
    authenticationProtocol,
  };
}

export const APPS = {
  office: app("0b000001-5a3e-4e00-8000-00000000a001", "Office 365", RES.sharepoint, "Browser"),
  outlookWeb: app("0b000002-5a3e-4e00-8000-00000000a002", "Outlook Web", RES.exchange, "Browser"),
  teams: app(
    "0b000003-5a3e-4e00-8000-00000000a003",
    "Microsoft Teams",
    RES.teams,
    "Mobile Apps and Desktop clients",
  ),
  outlookDesktop: app(
    "0b000004-5a3e-4e00-8000-00000000a004",
    "Microsoft Office",
    RES.exchange,
    "Mobile Apps and Desktop clients",
  ),
  azurePortal: {
    ...app("0b000005-5a3e-4e00-8000-00000000a005", "Azure Portal", RES.arm, "Browser"),
    azureManagement: true,
  } as SampleApp,
  mySignins: app("0b000006-5a3e-4e00-8000-00000000a006", "My Signins", RES.graph, "Browser"),
  broker: app(
    "0b000007-5a3e-4e00-8000-00000000a007",
    "Microsoft Authentication Broker",
    RES.graph,
    "Mobile Apps and Desktop clients",
  ),
  windowsSignIn: app(
    "0b000008-5a3e-4e00-8000-00000000a008",
    "Windows Sign In",
    RES.aad,
    "Mobile Apps and Desktop clients",
  ),
  payroll: app("0b000009-5a3e-4e00-8000-00000000a009", "Contoso Payroll", RES.payroll, "Browser", "saml20"),
  remoteDesktop: app(
    "0b00000a-5a3e-4e00-8000-00000000a00a",
    "Microsoft Remote Desktop",
    RES.avd,
    "Mobile Apps and Desktop clients",
  ),
  azureCli: app(
    "0b00000b-5a3e-4e00-8000-00000000a00b",
    "Microsoft Azure CLI",
    RES.arm,
    "Mobile Apps and Desktop clients",
    "deviceCode",
  ),
  intranet: app(
    "0b00000c-5a3e-4e00-8000-00000000a00c",
    "Contoso Intranet",
    RES.sharepoint,
    "Browser",
    "wsFederation",
  ),
} as const;

/** Apps for ordinary interactive sign-ins, weighted. */
export const INTERACTIVE_APPS: readonly (readonly [SampleApp, number])[] = [
  [APPS.office, 20],
  [APPS.outlookWeb, 12],
  [APPS.teams, 20],
  [APPS.outlookDesktop, 15],
  [APPS.mySignins, 3],
  [APPS.payroll, 3],
  [APPS.intranet, 2],
  [APPS.remoteDesktop, 2],
];

/** Apps for non-interactive (token refresh) sign-ins, weighted. */
export const NON_INTERACTIVE_APPS: readonly (readonly [SampleApp, number])[] = [
  [APPS.teams, 30],
  [APPS.outlookDesktop, 25],
  [APPS.broker, 20],
  [APPS.office, 10],
  [APPS.windowsSignIn, 10],
];

/** Exchange legacy protocols (clientAppUsed values). */
export const LEGACY_CLIENTS = ["IMAP4", "POP3", "SMTP", "Exchange ActiveSync", "Other clients"] as const;

/** A service principal (app-only) identity. */
export interface SampleServicePrincipal {
  id: string;
  appId: string;
  name: string;
  credential: "clientSecret" | "certificate" | "clientAssertion" | "federatedIdentityCredential";
  resource: readonly [string, string];
}

export const SERVICE_PRINCIPALS: readonly SampleServicePrincipal[] = [
  {
    id: "0c000001-5a3e-4e00-8000-00000000b001",
    appId: "0d000001-5a3e-4e00-8000-00000000b101",
    name: "Contoso HR Sync",
    credential: "clientSecret",
    resource: RES.graph,
  },
  {
    id: "0c000002-5a3e-4e00-8000-00000000b002",
    appId: "0d000002-5a3e-4e00-8000-00000000b102",
    name: "Contoso Backup Daemon",
    credential: "certificate",
    resource: RES.storage,
  },
  {
    id: "0c000003-5a3e-4e00-8000-00000000b003",
    appId: "0d000003-5a3e-4e00-8000-00000000b103",
    name: "Deploy Pipeline (federated)",
    credential: "federatedIdentityCredential",
    resource: RES.arm,
  },
  {
    id: "0c000004-5a3e-4e00-8000-00000000b004",
    appId: "0d000004-5a3e-4e00-8000-00000000b104",
    name: "Contoso Reporting Bot",
    credential: "clientAssertion",
    resource: RES.graph,
  },
];

/** A managed identity. */
export interface SampleManagedIdentity {
  id: string;
  appId: string;
  name: string;
  msiType: "systemAssigned" | "userAssigned";
  associatedResourceId: string;
  resource: readonly [string, string];
}

const SUB = "/subscriptions/5b000000-5a3e-4e00-8000-0000000005b1/resourceGroups";
export const MANAGED_IDENTITIES: readonly SampleManagedIdentity[] = [
  {
    id: "0e000001-5a3e-4e00-8000-00000000d001",
    appId: "0f000001-5a3e-4e00-8000-00000000d101",
    name: "contoso-func-orders",
    msiType: "systemAssigned",
    associatedResourceId: `${SUB}/rg-orders/providers/Microsoft.Web/sites/contoso-func-orders`,
    resource: RES.keyVault,
  },
  {
    id: "0e000002-5a3e-4e00-8000-00000000d002",
    appId: "0f000002-5a3e-4e00-8000-00000000d102",
    name: "mi-contoso-data",
    msiType: "userAssigned",
    associatedResourceId:
      `${SUB}/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-contoso-data`,
    resource: RES.storage,
  },
];

/** A place users sign in from, with the documentation address block its IPs come from. */
export interface SamplePlace {
  city: string;
  state: string;
  countryOrRegion: string;
  latitude: number;
  longitude: number;
  /** "192.0.2", "198.51.100", "203.0.113" or "2001:db8:<n>" (IPv6). */
  block: string;
  /** Autonomous system number (documentation range 64496-64511). */
  asn: number;
}

function place(
  city: string,
  state: string,
  countryOrRegion: string,
  latitude: number,
  longitude: number,
  block: string,
  asn: number,
): SamplePlace {
  return { city, state, countryOrRegion, latitude, longitude, block, asn };
}

/** Office and home places of Contoso staff. */
export const HOME_PLACES: readonly SamplePlace[] = [
  place("Seattle", "Washington", "US", 47.6062, -122.3321, "192.0.2", 64496),
  place("New York", "New York", "US", 40.7128, -74.006, "198.51.100", 64497),
  place("London", "England", "GB", 51.5074, -0.1278, "203.0.113", 64498),
  place("Paris", "Île-de-France", "FR", 48.8566, 2.3522, "2001:db8:10", 64499),
  place("Seoul", "Seoul", "KR", 37.5665, 126.978, "2001:db8:20", 64500),
  place("São Paulo", "São Paulo", "BR", -23.5505, -46.6333, "198.51.100", 64501),
  place("Bengaluru", "Karnataka", "IN", 12.9716, 77.5946, "203.0.113", 64502),
];

/** Places of guests (Fabrikam staff). */
export const GUEST_PLACES: readonly SamplePlace[] = [
  place("Zürich", "Zürich", "CH", 47.3769, 8.5417, "192.0.2", 64503),
  place("Toronto", "Ontario", "CA", 43.6532, -79.3832, "2001:db8:30", 64504),
];

/** Unusual places used by risky and attacking sign-ins. */
export const RISKY_PLACES: readonly SamplePlace[] = [
  place("Reykjavík", "Höfuðborgarsvæðið", "IS", 64.1466, -21.9426, "203.0.113", 64505),
  place("Lagos", "Lagos", "NG", 6.5244, 3.3792, "198.51.100", 64506),
  place("Tokyo", "Tokyo", "JP", 35.6762, 139.6503, "2001:db8:40", 64507),
  place("Johannesburg", "Gauteng", "ZA", -26.2041, 28.0473, "192.0.2", 64508),
];

/** A data-centre place for app-only sign-ins. */
export const DATACENTER: SamplePlace = place(
  "Amsterdam",
  "Noord-Holland",
  "NL",
  52.3676,
  4.9041,
  "2001:db8:50",
  64509,
);

/** A documentation-range IP address in the place's block. */
export function ipIn(placeInfo: SamplePlace, rng: Prng): string {
  if (placeInfo.block.includes(":")) return `${placeInfo.block}::${rng.int(1, 0xfffe).toString(16)}`;
  return `${placeInfo.block}.${rng.int(1, 254)}`;
}

/** A device class users sign in with. */
export interface SampleDeviceKind {
  operatingSystem: string;
  browser: string;
  userAgent: string;
  isCompliant: boolean;
  isManaged: boolean;
  trustType: string;
  /** Registered in the directory (has a deviceId and a display name). */
  registered: boolean;
  namePrefix: string;
}

const UA_EDGE =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
const UA_CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const UA_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
const UA_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const UA_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";
const UA_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

export const DEVICE_KINDS = {
  corpWindows: {
    operatingSystem: "Windows10",
    browser: "Edge 131.0.0",
    userAgent: UA_EDGE,
    isCompliant: true,
    isManaged: true,
    trustType: "Azure AD joined",
    registered: true,
    namePrefix: "CONTOSO-LT-",
  },
  hybridWindows: {
    operatingSystem: "Windows10",
    browser: "Edge 131.0.0",
    userAgent: UA_EDGE,
    isCompliant: true,
    isManaged: true,
    trustType: "Hybrid Azure AD joined",
    registered: true,
    namePrefix: "CONTOSO-DT-",
  },
  mac: {
    operatingSystem: "MacOs",
    browser: "Safari 18.1",
    userAgent: UA_MAC,
    isCompliant: true,
    isManaged: true,
    trustType: "Azure AD registered",
    registered: true,
    namePrefix: "Contoso-MBP-",
  },
  iphone: {
    operatingSystem: "Ios",
    browser: "Mobile Safari 18.1",
    userAgent: UA_IOS,
    isCompliant: false,
    isManaged: false,
    trustType: "Azure AD registered",
    registered: true,
    namePrefix: "iPhone-",
  },
  android: {
    operatingSystem: "Android",
    browser: "Chrome Mobile 130.0.0",
    userAgent: UA_ANDROID,
    isCompliant: false,
    isManaged: false,
    trustType: "",
    registered: false,
    namePrefix: "",
  },
  personalWindows: {
    operatingSystem: "Windows10",
    browser: "Chrome 130.0.0",
    userAgent: UA_CHROME,
    isCompliant: false,
    isManaged: false,
    trustType: "",
    registered: false,
    namePrefix: "",
  },
  linux: {
    operatingSystem: "Linux",
    browser: "Firefox 132.0",
    userAgent: UA_LINUX,
    isCompliant: false,
    isManaged: false,
    trustType: "",
    registered: false,
    namePrefix: "",
  },
  legacyClient: {
    operatingSystem: "",
    browser: "",
    userAgent: "",
    isCompliant: false,
    isManaged: false,
    trustType: "",
    registered: false,
    namePrefix: "",
  },
} as const satisfies Record<string, SampleDeviceKind>;

export type DeviceKindName = keyof typeof DEVICE_KINDS;

/** Primary devices of members, weighted. */
export const MEMBER_DEVICES: readonly (readonly [DeviceKindName, number])[] = [
  ["corpWindows", 50],
  ["hybridWindows", 20],
  ["mac", 12],
  ["iphone", 8],
  ["android", 5],
  ["personalWindows", 4],
  ["linux", 1],
];

export const GIVEN_NAMES = [
  "Adele",
  "Alex",
  "Amara",
  "Aiko",
  "Bianca",
  "Carlos",
  "Chen",
  "Diego",
  "Emily",
  "Fatima",
  "Grady",
  "Hana",
  "Isaiah",
  "Ines",
  "Jonas",
  "Johanna",
  "Kwame",
  "Lidia",
  "Lynne",
  "Mateo",
  "Megan",
  "Miriam",
  "Nestor",
  "Olga",
  "Patti",
  "Priya",
  "Raul",
  "Sakura",
  "Sven",
  "Tariq",
  "Uma",
  "Vikram",
  "Wen",
  "Yusuf",
  "Zara",
] as const;

export const SURNAMES = [
  "Vance",
  "Wilber",
  "Okafor",
  "Tanaka",
  "Rossi",
  "Mendes",
  "Wei",
  "Alvarez",
  "Braun",
  "Haddad",
  "Archie",
  "Kim",
  "Langer",
  "Silva",
  "Berg",
  "Lindqvist",
  "Mensah",
  "Novak",
  "Robinson",
  "Garcia",
  "Bowen",
  "Cohen",
  "Sanchez",
  "Petrova",
  "Fernandez",
  "Iyer",
  "Castillo",
  "Sato",
  "Nilsson",
  "Rahman",
  "Thurman",
  "Patel",
  "Zhang",
  "Demir",
  "Nkosi",
] as const;

export const SERVICE_WORDS = ["scanner", "sync", "printer", "kiosk", "reports", "ftp", "crm", "etl"] as const;

/**
 * status.failureReason per error code. Texts follow the Entra error-code reference; a few are
 * shortened. `{resource}` is replaced by the resource id.
 */
export const FAILURE_REASONS: Readonly<Record<number, string>> = {
  0: "Other.",
  50053:
    "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
  50055: "The password is expired.",
  50057: "The user account is disabled.",
  50058: "Session information is not sufficient for single-sign-on.",
  50072: "User needs to enroll for second factor authentication.",
  50074: "Strong Authentication is required.",
  50076:
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
  50078:
    "Presented multi-factor authentication has expired due to policies configured by your administrator, you must refresh your multi-factor authentication to access '{resource}'.",
  50079:
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'.",
  50087: "A transient error has occurred during strong authentication. Please try again.",
  50088: "Limit on telecom MFA calls reached. Please try again in a few minutes.",
  50097: "Device authentication is required.",
  50125: "Sign-in was interrupted due to a password reset or password registration entry.",
  50126: "Error validating credentials due to invalid username or password.",
  50131: "Used in various conditional access errors.",
  50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
  50155: "Device authentication failed for this user.",
  50158:
    "External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges.",
  50173: "The provided grant has expired due to it being revoked, a fresh auth token is needed.",
  53000:
    "Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant.",
  53001:
    "Device is not in required device state: domainJoined. Conditional Access policy requires a domain joined device.",
  53002:
    "Application used is not an approved application. Conditional Access policy requires an approved application.",
  53003:
    "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  53004:
    "User needs to complete the multi-factor authentication registration process before accessing this content.",
  90072: "User account from identity provider does not exist in tenant and cannot access the application.",
  500121: "Authentication failed during strong authentication request.",
  530032: "User blocked due to risk on home tenant.",
  530035:
    "Access has been blocked by security defaults. This is due to the request using legacy auth or being deemed unsafe by security defaults policies.",
  7000215:
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.",
  999999: "Something new went wrong.",
};

/** failureReason for a code, with the resource filled in. */
export function failureReasonFor(code: number, resourceId: string): string {
  const text = FAILURE_REASONS[code] ?? "Other.";
  return text.replace("{resource}", resourceId);
}
