/**
 * `customerCapabilities` agrees with what `updateCustomer` enforces, field by field, for both
 * providers: cases generated from the listing itself (every unwritable field is UNSUPPORTED_FIELD,
 * every maximum length passes at the maximum and is TOO_LONG one past it).
 */
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import {
  CustomerCapabilitiesDocument,
  UpdateCustomerSummaryDocument,
  type CustomerCapabilitiesQuery,
  type UpdateCustomerInput,
} from "../../src/generated/graphql.js";
import { startStack, useSimulatorStack } from "./harness.js";

type ProviderListing = CustomerCapabilitiesQuery["customerCapabilities"][number];
type Entry = ProviderListing["fields"][number];

const CUSTOMER_OF = { LOANPRO: "loanpro:1020", SIMPAY: "simpay:48220" } as const;

/** A well-formed value for a leaf input field (so the edge's other rules do not get in the way). */
const LEAF_VALUES: Record<string, unknown> = {
  status: "ACTIVE",
  customerType: "INDIVIDUAL",
  gender: "MALE",
  generationCode: "JR",
  birthDate: "1990-01-01",
  governmentId: { type: "SSN", number: "900-11-2233" },
  creditLimit: 100,
  ofacMatch: true,
  ofacTested: true,
  email: "someone@example.test",
  region: "UT",
  country: "USA",
};

/** An e-mail address of exactly `length` characters that the edge's e-mail rule accepts. */
function emailOfLength(length: number): string {
  const domainEnd = ".test";
  if (length <= 64 + 1 + 1 + domainEnd.length) {
    return `${"a".repeat(length - 1 - 1 - domainEnd.length)}@b${domainEnd}`;
  }
  const local = "a".repeat(64);
  let remaining = length - local.length - 1 - domainEnd.length;
  const labels: string[] = [];
  while (remaining > 0) {
    // A label of at most 63 characters, then a dot (never leaving a 0-length last label).
    const size = Math.min(63, remaining > 64 ? 63 : remaining);
    labels.push("b".repeat(size));
    remaining -= size + 1;
    if (remaining === 0) labels.push("c");
    if (remaining < 0) break;
  }
  const domain = `${labels.join(".")}${domainEnd}`;
  const text = `${local}@${domain}`;
  return text.length === length ? text : `${local}@${domain.slice(text.length - length)}`;
}

function valueOfLength(entry: Entry, length: number): string {
  const leaf = entry.field[entry.field.length - 1];
  return leaf === "email" ? emailOfLength(length) : "x".repeat(length);
}

/** `{ a: { b: value } }` for the path ["a", "b"]. */
function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<
    string,
    unknown
  >;
}

function isWrite(request: RecordedRequest): boolean {
  return request.method !== "GET" && !/\/auth/.test(request.path);
}

describe("customerCapabilities agrees with updateCustomer", () => {
  const sim = useSimulatorStack({
    loanpro: { token: "lp-caps-token", instanceId: "lp-caps-1" },
    simpay: { username: "sp-caps-user", password: "sp-caps-pass" },
  });
  let listings: ProviderListing[];

  beforeAll(async () => {
    const result = await sim.stack.graphql(CustomerCapabilitiesDocument, {});
    expect(result.body.errors).toBeUndefined();
    listings = result.body.data!.customerCapabilities;
  });

  function listing(provider: "LOANPRO" | "SIMPAY"): ProviderListing {
    const found = listings.find((candidate) => candidate.provider === provider);
    if (!found) throw new Error(`no listing for ${provider}`);
    return found;
  }

  /** A value for `entry`: an object field gets its first member's value. */
  function sampleValue(fields: Entry[], entry: Entry): unknown {
    const key = entry.field.join(".");
    const member = fields.find(
      (candidate) =>
        candidate.field.length === entry.field.length + 1 &&
        candidate.field.join(".").startsWith(`${key}.`),
    );
    if (member) return { [member.field[member.field.length - 1]]: sampleValue(fields, member) };
    return LEAF_VALUES[entry.field[entry.field.length - 1]] ?? "Sample value";
  }

  async function update(input: UpdateCustomerInput) {
    const result = await sim.stack.graphql(UpdateCustomerSummaryDocument, { input });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.updateCustomer.userErrors;
  }

  it("lists both providers as configured, every input path of each, members included", () => {
    expect(listings.map(({ provider, configured }) => ({ provider, configured }))).toEqual([
      { provider: "LOANPRO", configured: true },
      { provider: "SIMPAY", configured: true },
    ]);
    for (const { fields } of listings) {
      const paths = fields.map((entry) => entry.field.join("."));
      expect(paths).toEqual(expect.arrayContaining(["email", "billingAddress.postalCode"]));
      expect(paths).toContain("defaultContact.billingAddress.line1");
      expect(new Set(paths).size).toBe(paths.length);
    }
    expect(
      listing("SIMPAY").fields.find((entry) => entry.field.join(".") === "birthDate"),
    ).toMatchObject({ writable: false, readable: false });
    expect(
      listing("SIMPAY").fields.find((entry) => entry.field.join(".") === "displayName"),
    ).toMatchObject({ writable: true, maxLength: 100 });
  });

  describe.each(["LOANPRO", "SIMPAY"] as const)("%s", (provider) => {
    it("answers UNSUPPORTED_FIELD for every field the listing says is not writable", async () => {
      const { fields } = listing(provider);
      const unwritable = fields.filter((entry) => !entry.writable);
      expect(unwritable.length).toBeGreaterThan(5);
      for (const entry of unwritable) {
        const input = {
          id: CUSTOMER_OF[provider],
          ...nest(entry.field, sampleValue(fields, entry)),
        } as UpdateCustomerInput;
        const userErrors = await update(input);
        // The finding is on the field itself or on the object the provider does not have.
        const blocked = entry.field.findIndex((_key, index) => {
          const prefix = entry.field.slice(0, index + 1).join(".");
          return fields.some(
            (candidate) => candidate.field.join(".") === prefix && !candidate.writable,
          );
        });
        const at = ["input", ...entry.field.slice(0, blocked + 1)];
        expect({ field: entry.field, userErrors }).toEqual({
          field: entry.field,
          userErrors: expect.arrayContaining([
            expect.objectContaining({ field: at, code: "UNSUPPORTED_FIELD" }),
          ]),
        });
      }
      expect([...sim.loanpro.requests, ...sim.simpay.requests].filter(isWrite)).toEqual([]);
    });

    it("enforces every listed maximum length: the maximum passes, one more is TOO_LONG", async () => {
      const { fields } = listing(provider);
      const limited = fields.filter((entry) => entry.writable && entry.maxLength !== null);
      expect(limited.length).toBeGreaterThan(5);
      for (const entry of limited) {
        const max = entry.maxLength!;
        const path = ["input", ...entry.field];
        const tooLong = (errors: Array<{ field: string[]; code: string }>) =>
          errors.some(
            (error) => error.code === "TOO_LONG" && error.field.join(".") === path.join("."),
          );

        const at = valueOfLength(entry, max);
        expect(at).toHaveLength(max);
        const accepted = await update({ id: CUSTOMER_OF[provider], ...nest(entry.field, at) });
        expect({ field: entry.field, tooLong: tooLong(accepted) }).toEqual({
          field: entry.field,
          tooLong: false,
        });

        const writesBefore = [...sim.loanpro.requests, ...sim.simpay.requests].filter(
          isWrite,
        ).length;
        const over = valueOfLength(entry, max + 1);
        expect(over).toHaveLength(max + 1);
        const refused = await update({ id: CUSTOMER_OF[provider], ...nest(entry.field, over) });
        expect({ field: entry.field, tooLong: tooLong(refused) }).toEqual({
          field: entry.field,
          tooLong: true,
        });
        const writesAfter = [...sim.loanpro.requests, ...sim.simpay.requests].filter(
          isWrite,
        ).length;
        expect(writesAfter).toBe(writesBefore);
      }
    });
  });

  it("says configured: false for a provider this deployment does not enable", async () => {
    const lonely = await startStack({ loanpro: sim.loanpro });
    try {
      const result = await lonely.graphql(CustomerCapabilitiesDocument, {});
      expect(result.body.errors).toBeUndefined();
      const answer = result.body.data!.customerCapabilities;
      expect(answer.map(({ provider, configured }) => ({ provider, configured }))).toEqual([
        { provider: "LOANPRO", configured: true },
        { provider: "SIMPAY", configured: false },
      ]);
      // The table is still listed, so a form can be built before the provider is enabled.
      expect(answer[1].fields).toEqual(listing("SIMPAY").fields);
    } finally {
      await lonely.close();
    }
  });
});
