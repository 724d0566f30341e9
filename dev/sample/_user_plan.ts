// Private: the per-user plan every public generator derives its Graph objects from.
// User i's plan depends only on (seed, i), so plans are cheap to compute for 100,000 users.

import { createPrng, type Prng } from "./prng.ts";
import type { ResolvedSampleOptions } from "./options.ts";
import { DISALLOWED_METHODS, MFA_METHODS } from "./_methods.ts";
import { SAMPLE_TENANT } from "./tenant.ts";
import {
  DEVICE_KINDS,
  type DeviceKindName,
  GIVEN_NAMES,
  GUEST_PLACES,
  HOME_PLACES,
  MEMBER_DEVICES,
  type SamplePlace,
  SERVICE_WORDS,
  SURNAMES,
} from "./_world.ts";

export type UserKind = "member" | "guest" | "service" | "breakGlass";

/** Fixed accounts at the start of every tenant, looked up by the sign-in catalogue. */
export type RosterTag =
  | "breakGlass1"
  | "breakGlass2"
  | "adminStrong"
  | "adminSms"
  | "adminNoMfa"
  | "adminVoice"
  | "svcBackup"
  | "svcSmtp"
  | "disabledFormer"
  | "disabledContractor"
  | "guestFabrikam"
  | "guestRegistered"
  | "guestOtp"
  | "hostileMarkup"
  | "hostileBacktick"
  | "hostileFormula"
  | "hostileNewline"
  | "nonAsciiLatin"
  | "nonAsciiHangul"
  | "emailOnly"
  | "tapOnly"
  | "ssprOnly"
  | "unknownMethod"
  | "passwordlessPhone"
  | "macUser"
  | "hardwareExternal"
  | "qrPasskey"
  | "alternateOath"
  | "notCapable"
  | "adminWhfb";

export interface UserPlan {
  index: number;
  id: string;
  upn: string;
  displayName: string;
  mail: string | null;
  userType: "member" | "guest";
  kind: UserKind;
  accountEnabled: boolean;
  createdMs: number;
  isAdmin: boolean;
  /** methodsRegistered, in report order; may hold values the toolkit doesn't know. */
  methods: readonly string[];
  /** Registered, but the authentication-methods policy doesn't allow the user's methods. */
  notCapable: boolean;
  /** Excluded from "Require MFA for all users" (member of the CA exclusions group). */
  caExcluded: boolean;
  /** Per-user MFA enforced (legacy). */
  perUserMfa: boolean;
  /** Overrides userPreferredMethodForSecondaryAuthentication. */
  preferredOverride?: string;
  systemPreferredEnabled: boolean;
  /** Has an authentication method of a type the toolkit doesn't know. */
  unknownMethodType: boolean;
  device: DeviceKindName;
  deviceId: string;
  deviceName: string;
  home: SamplePlace;
  homeTenantId: string;
  /** Has an MFA method the tenant allows (else MFA-protected sign-ins fail). */
  canMfa: boolean;
  /** 0-99, used to pick a fictional phone number +1 555 01NN. */
  phoneSuffix: number;
  tag?: RosterTag;
}

interface RosterEntry {
  tag: RosterTag;
  displayName: string;
  local: string;
  kind: UserKind;
  methods: readonly string[];
  isAdmin?: true;
  disabled?: true;
  notCapable?: true;
  perUserMfa?: true;
  unknownMethodType?: true;
  preferredOverride?: string;
  device?: DeviceKindName;
}

/** Fixed accounts; the first MIN_SAMPLE_USERS users of every tenant. */
export const ROSTER: readonly RosterEntry[] = [
  {
    tag: "breakGlass1",
    displayName: "Break Glass Account 01",
    local: "bg-admin-01",
    kind: "breakGlass",
    methods: ["fido2SecurityKey"],
    isAdmin: true,
  },
  {
    tag: "breakGlass2",
    displayName: "Break Glass Account 02",
    local: "bg-admin-02",
    kind: "breakGlass",
    methods: [],
    isAdmin: true,
  },
  {
    tag: "adminStrong",
    displayName: "Megan Bowen",
    local: "megan.bowen",
    kind: "member",
    methods: [
      "mobilePhone",
      "microsoftAuthenticatorPush",
      "windowsHelloForBusiness",
      "fido2SecurityKey",
      "passKeyDeviceBoundAuthenticator",
    ],
    isAdmin: true,
    device: "corpWindows",
  },
  {
    tag: "adminSms",
    displayName: "Adele Vance",
    local: "adele.vance",
    kind: "member",
    methods: ["mobilePhone"],
    isAdmin: true,
    device: "corpWindows",
  },
  {
    tag: "adminNoMfa",
    displayName: "Lee Gu",
    local: "lee.gu",
    kind: "member",
    methods: [],
    isAdmin: true,
    device: "mac",
  },
  {
    tag: "adminVoice",
    displayName: "Isaiah Langer",
    local: "isaiah.langer",
    kind: "member",
    methods: ["officePhone"],
    isAdmin: true,
    device: "hybridWindows",
  },
  {
    tag: "svcBackup",
    displayName: "Backup Service Account",
    local: "svc-backup",
    kind: "service",
    methods: [],
  },
  {
    tag: "svcSmtp",
    displayName: "SMTP Relay Service",
    local: "svc-smtp-relay",
    kind: "service",
    methods: ["mobilePhone", "appPassword"],
    perUserMfa: true,
  },
  {
    tag: "disabledFormer",
    displayName: "Former Employee",
    local: "former.employee",
    kind: "member",
    methods: ["mobilePhone", "microsoftAuthenticatorPush"],
    disabled: true,
  },
  {
    tag: "disabledContractor",
    displayName: "Disabled Contractor",
    local: "contractor.disabled",
    kind: "member",
    methods: [],
    disabled: true,
  },
  {
    tag: "guestFabrikam",
    displayName: "Alex Wilber (Fabrikam)",
    local: "alex.wilber",
    kind: "guest",
    methods: [],
  },
  {
    tag: "guestRegistered",
    displayName: "Nestor Wilke (Fabrikam)",
    local: "nestor.wilke",
    kind: "guest",
    methods: ["mobilePhone"],
  },
  {
    tag: "guestOtp",
    displayName: "Lidia Holloway (Fabrikam)",
    local: "lidia.holloway",
    kind: "guest",
    methods: ["email"],
  },
  {
    tag: "hostileMarkup",
    displayName: "x|y <img src=x onerror=alert(1)> [a](http://evil.example/)",
    local: "hostile.markup",
    kind: "member",
    methods: ["microsoftAuthenticatorPush"],
  },
  {
    tag: "hostileBacktick",
    displayName: "Bobby `whoami` Tables",
    local: "bobby.tables",
    kind: "member",
    methods: ["mobilePhone"],
  },
  {
    tag: "hostileFormula",
    displayName: "=cmd|' /C calc'!A0",
    local: "formula.user",
    kind: "member",
    methods: [],
  },
  {
    tag: "hostileNewline",
    displayName: "Nora\nNewline",
    local: "nora.newline",
    kind: "member",
    methods: ["microsoftAuthenticatorPush"],
  },
  {
    tag: "nonAsciiLatin",
    displayName: "Zoë Ångström",
    local: "zoe.angstrom",
    kind: "member",
    methods: ["microsoftAuthenticatorPush", "passKeySynced"],
  },
  {
    tag: "nonAsciiHangul",
    displayName: "김민준",
    local: "minjun.kim",
    kind: "member",
    methods: ["mobilePhone", "microsoftAuthenticatorPush"],
  },
  { tag: "emailOnly", displayName: "Emily Braun", local: "emily.braun", kind: "member", methods: ["email"] },
  {
    tag: "tapOnly",
    displayName: "Pending New Hire",
    local: "new.hire",
    kind: "member",
    methods: ["temporaryAccessPass"],
  },
  {
    tag: "ssprOnly",
    displayName: "Grady Archie",
    local: "grady.archie",
    kind: "member",
    methods: ["email", "securityQuestion"],
  },
  {
    tag: "unknownMethod",
    displayName: "Quinn Quantum",
    local: "quinn.quantum",
    kind: "member",
    methods: ["mobilePhone", "quantumEntanglementKey"],
    unknownMethodType: true,
    preferredOverride: "unknownFutureValue",
  },
  {
    tag: "passwordlessPhone",
    displayName: "Patti Fernandez",
    local: "patti.fernandez",
    kind: "member",
    methods: ["mobilePhone", "microsoftAuthenticatorPush", "microsoftAuthenticatorPasswordless"],
  },
  {
    tag: "macUser",
    displayName: "Johanna Lorenz",
    local: "johanna.lorenz",
    kind: "member",
    methods: ["microsoftAuthenticatorPush", "macOsSecureEnclaveKey", "passKeySynced"],
    device: "mac",
  },
  {
    tag: "hardwareExternal",
    displayName: "Diego Siciliani",
    local: "diego.siciliani",
    kind: "member",
    methods: ["hardwareOneTimePasscode", "externalAuthMethod"],
  },
  {
    tag: "qrPasskey",
    displayName: "Miriam Graham",
    local: "miriam.graham",
    kind: "member",
    methods: ["passKeyDeviceBound", "passKeyDeviceBoundWindowsHello", "qrCode"],
  },
  {
    tag: "alternateOath",
    displayName: "Lynne Robbins",
    local: "lynne.robbins",
    kind: "member",
    methods: ["alternateMobilePhone", "softwareOneTimePasscode"],
  },
  {
    tag: "notCapable",
    displayName: "Henrietta Mueller",
    local: "henrietta.mueller",
    kind: "member",
    methods: ["mobilePhone"],
    notCapable: true,
  },
  {
    tag: "adminWhfb",
    displayName: "Pradeep Gupta",
    local: "pradeep.gupta",
    kind: "member",
    methods: ["microsoftAuthenticatorPush", "windowsHelloForBusiness"],
    isAdmin: true,
    device: "corpWindows",
  },
];

const MEMBER_METHOD_PROFILES: readonly (readonly [readonly string[], number])[] = [
  [["mobilePhone", "microsoftAuthenticatorPush"], 30],
  [["microsoftAuthenticatorPush"], 10],
  [["mobilePhone", "microsoftAuthenticatorPush", "microsoftAuthenticatorPasswordless"], 6],
  [["mobilePhone"], 9],
  [["mobilePhone", "officePhone"], 2],
  [["officePhone"], 1],
  [[], 9],
  [["email"], 3],
  [["email", "securityQuestion"], 2],
  [["mobilePhone", "microsoftAuthenticatorPush", "windowsHelloForBusiness"], 12],
  [["microsoftAuthenticatorPush", "fido2SecurityKey"], 3],
  [["microsoftAuthenticatorPush", "passKeyDeviceBoundAuthenticator"], 5],
  [["microsoftAuthenticatorPush", "softwareOneTimePasscode"], 4],
  [["softwareOneTimePasscode"], 1],
  [["mobilePhone", "email", "microsoftAuthenticatorPush"], 4],
];

const GUEST_METHOD_PROFILES: readonly (readonly [readonly string[], number])[] = [
  [[], 70],
  [["microsoftAuthenticatorPush"], 15],
  [["mobilePhone"], 10],
  [["email"], 5],
];

const MEMBER_HOMES = HOME_PLACES.map((p, i) => [p, i === 0 ? 6 : i < 3 ? 3 : 1] as const);

const STREAM_USER = 0x05e7;
const DAY_MS = 86_400_000;

function asciiLocal(given: string, surname: string, index: number): string {
  return `${given}.${surname}${index}`.toLowerCase();
}

function devicePlan(rng: Prng, kind: UserKind, forced?: DeviceKindName) {
  let device: DeviceKindName;
  if (forced !== undefined) device = forced;
  else if (kind === "guest") device = rng.pick(["personalWindows", "mac", "iphone"] as const);
  else if (kind === "service") device = "hybridWindows";
  else device = rng.weighted(MEMBER_DEVICES);
  const info = DEVICE_KINDS[device];
  const deviceId = info.registered ? rng.uuid() : "";
  const deviceName = info.registered ? `${info.namePrefix}${rng.int(1000, 9999)}` : "";
  return { device, deviceId, deviceName };
}

function canMfa(plan: UserPlan): boolean {
  return !plan.notCapable && plan.methods.some((m) => MFA_METHODS.has(m) && !DISALLOWED_METHODS.has(m));
}

/** Plans user `index` of a tenant (depends only on the seed, the index and now). */
export function planUser(options: ResolvedSampleOptions, index: number): UserPlan {
  const rng = createPrng(options.seed, STREAM_USER, index);
  const id = rng.uuid();
  const createdMs = options.nowMs - rng.int(20, 1500) * DAY_MS - rng.int(0, 86_399) * 1000;
  const phoneSuffix = rng.int(0, 99);
  const systemPreferredEnabled = rng.chance(0.92);
  const domain = SAMPLE_TENANT.domain;
  const roster = ROSTER[index];
  if (roster !== undefined) {
    const dev = devicePlan(rng, roster.kind, roster.device);
    const guest = roster.kind === "guest";
    const plan: UserPlan = {
      index,
      id,
      upn: guest
        ? `${roster.local}_${SAMPLE_TENANT.guestDomain}#EXT#@${domain}`
        : `${roster.local}@${domain}`,
      displayName: roster.displayName,
      mail: guest ? `${roster.local}@${SAMPLE_TENANT.guestDomain}` : `${roster.local}@${domain}`,
      userType: guest ? "guest" : "member",
      kind: roster.kind,
      accountEnabled: roster.disabled !== true,
      createdMs,
      isAdmin: roster.isAdmin === true,
      methods: roster.methods,
      notCapable: roster.notCapable === true,
      caExcluded: false,
      perUserMfa: roster.perUserMfa === true,
      systemPreferredEnabled: roster.tag === "adminSms" ? false : systemPreferredEnabled,
      unknownMethodType: roster.unknownMethodType === true,
      ...dev,
      home: guest ? GUEST_PLACES[0] as SamplePlace : HOME_PLACES[index % 3] as SamplePlace,
      homeTenantId: guest ? SAMPLE_TENANT.guestTenantId : SAMPLE_TENANT.tenantId,
      phoneSuffix,
      canMfa: false,
      tag: roster.tag,
    };
    plan.canMfa = canMfa(plan);
    if (roster.preferredOverride !== undefined) plan.preferredOverride = roster.preferredOverride;
    return plan;
  }
  const r = rng.next();
  const kind: UserKind = r < 0.07 ? "guest" : r < 0.085 ? "service" : "member";
  const given = rng.pick(GIVEN_NAMES);
  const surname = rng.pick(SURNAMES);
  const isAdmin = kind === "member" && rng.chance(0.04);
  const disabled = kind !== "guest" && rng.chance(0.03);
  const caExcluded = kind === "member" && !isAdmin && rng.chance(0.03);
  const perUserMfa = kind === "member" && rng.chance(0.05);
  const methods = kind === "guest"
    ? rng.weighted(GUEST_METHOD_PROFILES)
    : kind === "service"
    ? []
    : rng.weighted(MEMBER_METHOD_PROFILES);
  const notCapable = methods.length > 0 && rng.chance(0.02);
  const dev = devicePlan(rng, kind);
  const base = {
    index,
    id,
    kind,
    accountEnabled: !disabled,
    createdMs,
    isAdmin,
    methods,
    notCapable,
    caExcluded,
    perUserMfa,
    systemPreferredEnabled,
    unknownMethodType: false,
    ...dev,
    phoneSuffix,
    canMfa: !notCapable && methods.some((m) => MFA_METHODS.has(m) && !DISALLOWED_METHODS.has(m)),
  };
  if (kind === "guest") {
    const local = asciiLocal(given, surname, index);
    return {
      ...base,
      upn: `${local}_${SAMPLE_TENANT.guestDomain}#EXT#@${domain}`,
      displayName: `${given} ${surname} (Fabrikam)`,
      mail: `${local}@${SAMPLE_TENANT.guestDomain}`,
      userType: "guest",
      home: rng.pick(GUEST_PLACES),
      homeTenantId: SAMPLE_TENANT.guestTenantId,
    };
  }
  if (kind === "service") {
    const word = rng.pick(SERVICE_WORDS);
    return {
      ...base,
      upn: `svc-${word}-${index}@${domain}`,
      displayName: `Service account ${word} ${index}`,
      mail: null,
      userType: "member",
      home: HOME_PLACES[0] as SamplePlace,
      homeTenantId: SAMPLE_TENANT.tenantId,
    };
  }
  const local = asciiLocal(given, surname, index);
  return {
    ...base,
    upn: `${local}@${domain}`,
    displayName: `${given} ${surname}`,
    mail: `${local}@${domain}`,
    userType: "member",
    home: rng.weighted(MEMBER_HOMES),
    homeTenantId: SAMPLE_TENANT.tenantId,
  };
}

/** Plans every user of a tenant. */
export function planUsers(options: ResolvedSampleOptions): UserPlan[] {
  const plans = new Array<UserPlan>(options.users);
  for (let i = 0; i < options.users; i++) plans[i] = planUser(options, i);
  return plans;
}

/** The roster account with a tag (always present: users >= roster size). */
export function rosterUser(plans: readonly UserPlan[], tag: RosterTag): UserPlan {
  const i = ROSTER.findIndex((r) => r.tag === tag);
  const plan = plans[i];
  if (plan === undefined) throw new RangeError(`Cannot find roster user: no user tagged "${tag}"`);
  return plan;
}
