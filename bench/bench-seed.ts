/**
 * The simulators' data for a bench run: the built-in seeds plus `count` extra customers per
 * provider, copies of generated seed records under ids of their own (LoanPro 3001…, SimPay
 * 49001…). Update scenarios rotate over them, so no two connections wait on the same customer's
 * write lock (which the floor does not have) unless there are more connections than customers.
 */
import type { SeedCustomer } from "../simulators/loanpro/loanpro-simulator.types.js";
import { LOANPRO_SEED } from "../simulators/loanpro/loanpro.simulator.js";
import type { SimPayCustomerDetail } from "../simulators/simpay/simpay-simulator.wire.js";
import { simPaySeedCustomers } from "../simulators/simpay/simpay.seed.js";

export const BENCH_LOANPRO_FIRST_ID = 3001;
export const BENCH_SIMPAY_FIRST_KEY = 49001;

/** The LoanPro seed (ids 1010-1040 are the generated individuals copied). */
export function benchLoanProSeed(count: number): SeedCustomer[] {
  const generated = LOANPRO_SEED.filter((customer) => customer.id >= 1010 && customer.id <= 1040);
  const extra = Array.from({ length: count }, (_, index): SeedCustomer => {
    const base = structuredClone(generated[index % generated.length]);
    const id = BENCH_LOANPRO_FIRST_ID + index;
    const addressId = (offset: number): number => 70_000 + index * 2 + offset;
    return {
      ...base,
      id,
      mcId: 9000 + id,
      email: `bench.${id}@example.test`,
      // 900-series numbers are never issued: still fake, and distinct from the built-in seed's.
      ssn: `9008${String(id).padStart(5, "0")}`,
      PrimaryAddress: base.PrimaryAddress && { ...base.PrimaryAddress, id: addressId(0) },
      MailAddress: base.MailAddress && { ...base.MailAddress, id: addressId(1) },
    };
  });
  return [...LOANPRO_SEED, ...extra];
}

/** The SimPay seed plus copies of its active generated records (linked and deleted ones skipped). */
export function benchSimPaySeed(count: number): SimPayCustomerDetail[] {
  const seed = simPaySeedCustomers();
  const bases = seed.filter(
    (customer) =>
      customer.ActivationStatus === "Active" && /^C-\d+$/.test(customer.CustomerID ?? ""),
  );
  const extra = Array.from({ length: count }, (_, index): SimPayCustomerDetail => {
    const key = BENCH_SIMPAY_FIRST_KEY + index;
    return {
      ...structuredClone(bases[index % bases.length]),
      CustomerKey: key,
      CustomerID: `B-${key}`,
    };
  });
  return [...seed, ...extra];
}
