/**
 * Finding the columns of an MFA Server activity export by header name. Column names vary
 * between server versions, languages and hand-made exports, so each column has a list of
 * synonyms (English, French, German, Spanish, Italian, Portuguese, Korean). Headers are
 * compared after {@linkcode normaliseHeader}: case, accents, spaces and punctuation do not
 * matter (`"Date/Time"` matches `"date time"`).
 *
 * @module
 */

/**
 * The columns the report uses, with their header synonyms in priority order. Only
 * `callResult` is required. `date` may hold a date or a date and time; `time` is a separate
 * time-of-day column, joined to `date` when both are present.
 *
 * @example Synonyms of a column
 * ```ts
 * import { MFA_SERVER_COLUMNS } from "./columns.ts";
 * import assert from "node:assert/strict";
 * assert.ok(MFA_SERVER_COLUMNS.callResult.required);
 * assert.ok(MFA_SERVER_COLUMNS.user.synonyms.includes("Utilisateur"));
 * ```
 */
export const MFA_SERVER_COLUMNS = {
  callResult: {
    required: true,
    description: "call result",
    synonyms: [
      "Call Result",
      "Call Result Code",
      "Authentication Result",
      "Auth Result",
      "Result",
      "Résultat de l'appel",
      "Résultat",
      "Anrufergebnis",
      "Ergebnis",
      "Resultado de la llamada",
      "Resultado",
      "Risultato della chiamata",
      "Risultato",
      "통화 결과",
      "결과",
    ],
  },
  user: {
    required: false,
    description: "user",
    synonyms: [
      "Username",
      "User Name",
      "User",
      "User Principal Name",
      "UPN",
      "Nom d'utilisateur",
      "Utilisateur",
      "Benutzername",
      "Benutzer",
      "Nombre de usuario",
      "Usuario",
      "Nome utente",
      "Utente",
      "Nome de usuário",
      "Usuário",
      "사용자 이름",
      "사용자",
    ],
  },
  date: {
    required: false,
    description: "date/time",
    synonyms: [
      "Date/Time",
      "Date Time",
      "Timestamp",
      "Call Date",
      "Date",
      "Date et heure",
      "Date/Heure",
      "Datum/Uhrzeit",
      "Datum und Uhrzeit",
      "Zeitstempel",
      "Datum",
      "Fecha y hora",
      "Fecha",
      "Data e ora",
      "Data/Hora",
      "Data",
      "날짜/시간",
      "날짜",
    ],
  },
  time: {
    required: false,
    description: "time of day",
    synonyms: ["Time", "Call Time", "Heure", "Uhrzeit", "Zeit", "Hora", "Ora", "시간"],
  },
  method: {
    required: false,
    description: "authentication type",
    synonyms: [
      "Authentication Type",
      "Auth Type",
      "Authentication Method",
      "Method",
      "Mode",
      "Type d'authentification",
      "Méthode d'authentification",
      "Méthode",
      "Authentifizierungstyp",
      "Authentifizierungsmethode",
      "Methode",
      "Tipo de autenticación",
      "Método de autenticación",
      "Método",
      "Tipo di autenticazione",
      "Metodo",
      "인증 유형",
      "인증 방법",
    ],
  },
  application: {
    required: false,
    description: "application",
    synonyms: [
      "Application",
      "Application Name",
      "App",
      "App Name",
      "Nom de l'application",
      "Anwendung",
      "Anwendungsname",
      "Aplicación",
      "Applicazione",
      "Aplicativo",
      "응용 프로그램",
      "애플리케이션",
    ],
  },
  ip: {
    required: false,
    description: "IP address",
    synonyms: [
      "IP Address",
      "IP",
      "Client IP",
      "Client IP Address",
      "Source IP",
      "Adresse IP",
      "IP-Adresse",
      "Dirección IP",
      "Indirizzo IP",
      "Endereço IP",
      "IP 주소",
    ],
  },
  phone: {
    required: false,
    description: "phone number",
    synonyms: [
      "Phone",
      "Phone Number",
      "Téléphone",
      "Numéro de téléphone",
      "Telefon",
      "Telefonnummer",
      "Teléfono",
      "Número de teléfono",
      "Telefono",
      "Numero di telefono",
      "Telefone",
      "전화",
      "전화 번호",
    ],
  },
} as const;

/** A column id: `"callResult"`, `"user"`, `"date"`, `"time"`, `"method"`, `"application"`, `"ip"`, `"phone"`. */
export type MfaServerColumn = keyof typeof MFA_SERVER_COLUMNS;

/** Where a column was found: its 0-based index and the header as written in the file. */
export interface ColumnPosition {
  /** 0-based field index. */
  index: number;
  /** The header as written in the file. */
  header: string;
}

/** The columns found in a header row. */
export type MfaServerColumnMap = { [K in MfaServerColumn]?: ColumnPosition };

/**
 * Reduces a header to its letters and digits, lower case, without accents, so that
 * `"Date/Time"`, `"date time"` and `"DATE_TIME"` compare equal.
 *
 * @example Headers that compare equal
 * ```ts
 * import { normaliseHeader } from "./columns.ts";
 * import assert from "node:assert/strict";
 * assert.equal(normaliseHeader(" Résultat "), "resultat");
 * assert.equal(normaliseHeader("Date/Time"), normaliseHeader("date_time"));
 * ```
 */
export function normaliseHeader(header: string): string {
  return header.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

const COLUMN_ORDER = Object.keys(MFA_SERVER_COLUMNS) as MfaServerColumn[];

/**
 * Finds each known column in a header row. For each column the synonyms are tried in
 * priority order and the first header (left-most) that matches wins; a header is used for
 * one column only.
 *
 * @param headers the header row's fields
 * @returns the columns found (a missing key means the column is absent)
 *
 * @example French export
 * ```ts
 * import { locateMfaServerColumns } from "./columns.ts";
 * import assert from "node:assert/strict";
 * const cols = locateMfaServerColumns(["Date et heure", "Utilisateur", "RÉSULTAT"]);
 * assert.deepEqual(cols.callResult, { index: 2, header: "RÉSULTAT" });
 * assert.equal(cols.user?.index, 1);
 * assert.equal(cols.date?.index, 0);
 * assert.equal(cols.phone, undefined);
 * ```
 */
export function locateMfaServerColumns(headers: readonly string[]): MfaServerColumnMap {
  const normalised = headers.map(normaliseHeader);
  const used = new Set<number>();
  const found: MfaServerColumnMap = {};
  for (const column of COLUMN_ORDER) {
    for (const synonym of MFA_SERVER_COLUMNS[column].synonyms) {
      const want = normaliseHeader(synonym);
      const index = normalised.findIndex((h, i) => h === want && !used.has(i));
      if (index >= 0) {
        used.add(index);
        found[column] = { index, header: headers[index]! };
        break;
      }
    }
  }
  return found;
}
