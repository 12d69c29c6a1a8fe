/**
 * LoanPro's settings, read from the environment by its module (loanpro.module.ts). Nothing here
 * imports config.ts: the global settings stay there, this provider's live with it.
 */
import { parseLengthUnit, type LengthUnit } from "../../model/capabilities.js";
import { readBoolean, readUrl, requireAll, type Env } from "../../environment.js";

export interface LoanProConfig {
  /** Up to and including `/api/public/api/1`. */
  apiUrl: string;
  token: string;
  instanceId: string;
  /**
   * Status label text per writable status (docs/providers/loanpro.md §8: the tenant's labels).
   * Reads match case-insensitively against these; anything else is OTHER.
   */
  statusLabels: { ACTIVE: string; INACTIVE: string; PENDING: string; LEAD: string };
  /** Whether `null` in the input is sent as JSON null to clear a field (docs/providers/loanpro.md §6: [U]). */
  nullClearsField: boolean;
  /**
   * How LoanPro counts text lengths (`LOANPRO_LENGTH_UNIT`: utf16 or codepoints; LoanPro documents none).
   * Absent in a config built by hand: UTF-16 code units.
   */
  lengthUnit?: LengthUnit;
}

const DEFAULT_STATUS_LABELS: LoanProConfig["statusLabels"] = {
  ACTIVE: "Active",
  INACTIVE: "Inactive",
  PENDING: "Pending",
  LEAD: "Lead",
};

function readStatusLabels(env: Env, problems: string[]): LoanProConfig["statusLabels"] {
  const raw = env.LOANPRO_STATUS_LABELS?.trim();
  if (!raw) return { ...DEFAULT_STATUS_LABELS };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    const labels = { ...DEFAULT_STATUS_LABELS };
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in labels) || typeof value !== "string" || value.trim() === "") {
        throw new Error("bad entry");
      }
      labels[key as keyof typeof labels] = value;
    }
    return labels;
  } catch {
    problems.push(
      'LOANPRO_STATUS_LABELS must be a JSON object such as {"ACTIVE":"Active","LEAD":"Prospect"}',
    );
    return { ...DEFAULT_STATUS_LABELS };
  }
}

/**
 * LOANPRO_* variables: null unless LOANPRO_API_URL is set. The optional ones are checked even
 * then, so a typo is reported before the URL is added.
 */
export function readLoanProConfig(env: Env, problems: string[]): LoanProConfig | null {
  const apiUrl = readUrl(env, "LOANPRO_API_URL", problems);
  const statusLabels = readStatusLabels(env, problems);
  const nullClearsField = readBoolean(env, "LOANPRO_NULL_CLEARS_FIELD", true, problems);
  const lengthUnit = parseLengthUnit(env.LOANPRO_LENGTH_UNIT);
  if (lengthUnit === null) problems.push("LOANPRO_LENGTH_UNIT must be utf16 or codepoints");
  if (!apiUrl) return null;
  requireAll(env, ["LOANPRO_API_TOKEN", "LOANPRO_INSTANCE_ID"], "LOANPRO_API_URL is set", problems);
  return {
    apiUrl,
    token: env.LOANPRO_API_TOKEN?.trim() ?? "",
    instanceId: env.LOANPRO_INSTANCE_ID?.trim() ?? "",
    statusLabels,
    nullClearsField,
    lengthUnit: lengthUnit ?? undefined,
  };
}
