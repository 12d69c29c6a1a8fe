/**
 * The message of a malformed customer id, shared by the lookup and the request's loader (its own
 * file so that neither imports the other: customer-lookup -> context -> customer.loader).
 */
export const INVALID_ID_MESSAGE =
  'The id must look like "loanpro:555" or "simpay:48213" (a known provider and its id).';
