import { toCustomerPatch } from "./input-to-patch.js";
import { AddressInput, ContactInput, UpdateCustomerInput } from "./update-customer.input.js";

function input(fields: Partial<UpdateCustomerInput>): UpdateCustomerInput {
  return Object.assign(new UpdateCustomerInput(), { id: "loanpro:1", ...fields });
}

describe("toCustomerPatch", () => {
  it("leaves omitted fields out and keeps null apart from them", () => {
    const patch = toCustomerPatch(input({ email: "a@example.com", middleName: null }));
    expect(patch).toEqual({ email: "a@example.com", middleName: null });
    expect("firstName" in patch).toBe(false);
    expect("id" in patch).toBe(false);
  });

  it("passes only the given address fields", () => {
    const patch = toCustomerPatch(
      input({ primaryAddress: Object.assign(new AddressInput(), { city: "Provo", line2: null }) }),
    );
    expect(patch.primaryAddress).toEqual({ city: "Provo", line2: null });
  });

  it("normalises alpha-2 countries to alpha-3 and regions to upper case", () => {
    const patch = toCustomerPatch(
      input({
        mailingAddress: Object.assign(new AddressInput(), { country: "ca", region: "on" }),
      }),
    );
    expect(patch.mailingAddress).toEqual({ country: "CAN", region: "ON" });
  });

  it("converts nested contact addresses and a null address", () => {
    const patch = toCustomerPatch(
      input({
        billingAddress: null,
        defaultContact: Object.assign(new ContactInput(), {
          email: "b@example.com",
          shippingAddress: Object.assign(new AddressInput(), { line1: "1 Main St" }),
        }),
      }),
    );
    expect(patch).toEqual({
      billingAddress: null,
      defaultContact: { email: "b@example.com", shippingAddress: { line1: "1 Main St" } },
    });
  });

  it("carries every input field except id and expectedVersion into the patch", () => {
    const every = input({});
    // expectedVersion is a condition on the write, not a field to write (UpdateOptions).
    const fieldNames = Object.keys(new UpdateCustomerInput()).filter(
      (name) => name !== "id" && name !== "expectedVersion",
    );
    expect(fieldNames.length).toBeGreaterThan(20);
    for (const name of fieldNames) (every as unknown as Record<string, unknown>)[name] = null;
    expect(Object.keys(toCustomerPatch(every)).sort()).toEqual(fieldNames.sort());
  });
});
