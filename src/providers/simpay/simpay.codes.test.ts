import {
  fromSimPayActivationStatus,
  isSimPayRegion,
  toSimPayActivationStatus,
} from "./simpay.codes.js";

describe("SimPay ActivationStatus", () => {
  it.each([
    ["Pending", "PENDING"],
    ["Active", "ACTIVE"],
    ["inactive", "INACTIVE"],
    ["DELETED", "DELETED"],
  ] as const)("reads %s as %s", (name, status) => {
    expect(fromSimPayActivationStatus(name)).toBe(status);
  });

  it("reads an unknown or missing name as OTHER", () => {
    expect(fromSimPayActivationStatus("Suspended")).toBe("OTHER");
    expect(fromSimPayActivationStatus(undefined)).toBe("OTHER");
  });

  it("writes the four SimPay statuses by name and has no name for LEAD and OTHER", () => {
    expect(toSimPayActivationStatus("ACTIVE")).toBe("Active");
    expect(toSimPayActivationStatus("DELETED")).toBe("Deleted");
    expect(toSimPayActivationStatus("LEAD")).toBeNull();
    expect(toSimPayActivationStatus("OTHER")).toBeNull();
  });
});

describe("SimPay countries and regions", () => {
  it("accepts states and DC for the US and provinces for Canada, not across countries", () => {
    expect(isSimPayRegion("USA", "UT")).toBe(true);
    expect(isSimPayRegion("USA", "DC")).toBe(true);
    expect(isSimPayRegion("CAN", "ON")).toBe(true);
    expect(isSimPayRegion("USA", "ON")).toBe(false);
    expect(isSimPayRegion("CAN", "UT")).toBe(false);
  });

  it("accepts territories, military codes and NF only when the switch is on", () => {
    expect(isSimPayRegion("USA", "PR")).toBe(false);
    expect(isSimPayRegion("USA", "PR", { allowTerritories: true })).toBe(true);
    expect(isSimPayRegion("USA", "AE", { allowTerritories: true })).toBe(true);
    expect(isSimPayRegion("CAN", "NF")).toBe(false);
    expect(isSimPayRegion("CAN", "NF", { allowTerritories: true })).toBe(true);
  });
});
