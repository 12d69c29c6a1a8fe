/**
 * What every resolver gets for one GraphQL request. Built per request by `server.ts`; import it
 * with `import type` in decorated signatures (stack-notes P13).
 */
import type { Logger } from "../observability/logger.js";
import type { CustomerSources } from "../providers/registry.js";

export interface GraphQLContext {
  sources: CustomerSources;
  /** A child logger that already carries `requestId`. */
  logger: Logger;
  requestId: string;
}
