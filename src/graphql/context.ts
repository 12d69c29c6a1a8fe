/**
 * What every resolver gets for one GraphQL request. Built per request by `server.ts`; import it
 * with `import type` in decorated signatures (docs/architecture.md#decorator-metadata).
 */
import type { DomainError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import type { CustomerSources } from "../providers/registry.js";
import type { Caller } from "../security/caller.js";
import type { IdempotencyStore } from "../state/idempotency-store.js";
import type { KeyedLock } from "../state/keyed-lock.js";
import type { CustomerLoader } from "./customer.loader.js";
import type { LinkLoader } from "./customer-links.loader.js";
import type { CursorCodec } from "./customer-list.cursor.js";

export interface GraphQLContext {
  sources: CustomerSources;
  /** The logger; its mixin adds this request's `requestId` to every line (request context). */
  logger: Logger;
  requestId: string;
  /** This request's loader (never shared across requests): `customer` and `_entities` use it. */
  customerLoader: CustomerLoader;
  /** This request's link lookups (`linkedCustomers`), batched per provider; never shared. */
  linkLoader: LinkLoader;
  /**
   * The customers' write lock, the one every source's updates take (`state/keyed-lock.ts`); the
   * linked update holds several records' locks with it. Absent: no lock (tests with fakes).
   */
  writeLock?: KeyedLock;
  /** Who is calling, verified before GraphQL ran (src/security); scopes are checked per field. */
  caller: Caller;
  /** Signs and checks the `customers` cursors; one per server, keyed by CURSOR_SECRET. */
  cursorCodec: CursorCodec;
  /**
   * Errors that come WITH data instead of replacing it (a provider failing on a `customers` page
   * while another answers); `partial-errors.plugin.ts` adds them to the response's `errors`.
   */
  partialErrors: PartialErrorCollector;
  /** Work limits of this request (`MAX_ENTITIES_PER_REQUEST`); defaults apply when absent. */
  limits?: { maxEntitiesPerRequest: number };
  /** Where `updateCustomer` keeps the outcomes of idempotency keys (shared by the server). */
  idempotency: { store: IdempotencyStore; waitMs: number };
}

/** One error to report next to the data at `path` (the field's response path, alias included). */
export interface PartialError {
  path: ReadonlyArray<string | number>;
  error: DomainError;
}

/** Per request, like the loader: never shared, so no error reaches another request's response. */
export class PartialErrorCollector {
  private readonly list: PartialError[] = [];

  add(path: ReadonlyArray<string | number>, error: DomainError): void {
    this.list.push({ path: [...path], error });
  }

  get entries(): readonly PartialError[] {
    return this.list;
  }
}
