/**
 * The dry run of the update pipeline (`update-pipeline.ts`): `planUpdate` reads, validates and
 * plans exactly as `runUpdate` does, and this turns its outcome into the public plan. No write is
 * sent; the requests are the ones `runUpdate` would send now, with write-only values masked.
 */
import type { CustomerPatch } from "../model/customer.js";
import type { UpdateOptions } from "../model/customer-source.js";
import { describeChanges, redactBody, type UpdatePlan } from "../model/update-plan.js";
import { planUpdate, type UpdatableProvider } from "./update-pipeline.js";

/**
 * What `runUpdate(provider, providerId, patch, options)` would do, without the write. It takes no
 * per-customer lock: it writes nothing, and a plan is a snapshot of "now" either way.
 */
export async function planForCaller<Wire>(
  provider: UpdatableProvider<Wire>,
  providerId: string,
  patch: CustomerPatch,
  options: UpdateOptions = {},
): Promise<UpdatePlan> {
  const planned = await planUpdate(provider, providerId, patch, options);
  if (planned.kind === "invalid") {
    return { userErrors: planned.userErrors, changes: [], requests: [] };
  }
  // Nothing would be sent: nothing changes, whatever the patch says.
  if (planned.requests.length === 0) return { userErrors: [], changes: [], requests: [] };
  const secrets = provider.writeOnlyBodyKeys ?? [];
  return {
    userErrors: [],
    changes: describeChanges(patch, planned.current, provider.capabilities),
    requests: planned.requests.map((request) => ({
      provider: provider.provider,
      method: request.method,
      path: request.path,
      body: redactBody(request.body, secrets),
    })),
  };
}
