/**
 * Per GraphQL request: the request counter and latency histogram (metrics.ts), labelled with
 * bounded labels only (`operationLabels`). Registered after the partial-errors plugin so the
 * outcome counts the partial errors it adds.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { SpanStatusCode } from "@opentelemetry/api";
import { metrics, operationLabels, type GraphQLOutcome } from "./metrics.js";
import { currentRequestContext } from "./request-context.js";

/** Every field of the schema's root types, plus the introspection entry points. */
export function schemaRootFields(schema: GraphQLSchema): ReadonlySet<string> {
  const fields = new Set(["__schema", "__type", "__typename"]);
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (type) for (const field of Object.keys(type.getFields())) fields.add(field);
  }
  return fields;
}

/** The root field names an operation selects (through inline fragments and fragment spreads). */
export function rootFieldsOf(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const names: string[] = [];
  const visit = (selectionSet: SelectionSetNode, depth: number) => {
    if (depth > 5) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, depth + 1);
      else {
        const fragment = document.definitions.find(
          (definition) =>
            definition.kind === Kind.FRAGMENT_DEFINITION &&
            definition.name.value === selection.name.value,
        );
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) visit(fragment.selectionSet, depth + 1);
      }
    }
  };
  visit(operation.selectionSet, 0);
  return names;
}

export function graphqlTelemetryPlugin<TContext extends object>(
  schema: GraphQLSchema,
): ApolloServerPlugin<TContext> {
  const rootFields = schemaRootFields(schema);
  return {
    async requestDidStart() {
      const started = performance.now();
      let selected: string[] | undefined;
      return {
        async didResolveOperation({ operation, document, operationName }) {
          if (operation) selected = rootFieldsOf(operation, document);
          const span = currentRequestContext()?.trace?.span;
          if (span && operation) {
            // Bounded names only: the span name is `query customer`, never the caller's text.
            const labels = operationLabels(operationName, selected, rootFields);
            span.updateName(
              `${operation.operation} ${labels.operation === "other" ? labels.root_field : labels.operation}`,
            );
            span.setAttributes({
              "graphql.operation.type": operation.operation,
              "graphql.operation.name": labels.operation,
              "customer_subgraph.root_field": labels.root_field,
            });
          }
        },
        async willSendResponse({ operationName, response }) {
          const result =
            response.body.kind === "single"
              ? response.body.singleResult
              : response.body.initialResult;
          const hasErrors = (result.errors?.length ?? 0) > 0;
          // "partial" only when some root field still has a value: `{ customer: null }` plus an
          // error is a failed read.
          const hasData =
            result.data !== undefined &&
            result.data !== null &&
            Object.values(result.data).some((value) => value !== null);
          const outcome: GraphQLOutcome = !hasErrors ? "success" : hasData ? "partial" : "error";
          const labels = { ...operationLabels(operationName, selected, rootFields), outcome };
          metrics.graphqlRequests.inc(labels);
          metrics.graphqlDuration.observe(labels, (performance.now() - started) / 1000);
          const span = currentRequestContext()?.trace?.span;
          if (span) {
            // Error codes and write outcomes are enums of this API: safe, bounded attributes.
            const codes = new Set<string>();
            const writeOutcomes = new Set<string>();
            for (const error of result.errors ?? []) {
              const { code, writeOutcome } = error.extensions ?? {};
              if (typeof code === "string") codes.add(code);
              if (typeof writeOutcome === "string") writeOutcomes.add(writeOutcome);
            }
            span.setAttribute("customer_subgraph.outcome", outcome);
            if (codes.size > 0) span.setAttribute("customer_subgraph.error_codes", [...codes]);
            if (writeOutcomes.size > 0) {
              span.setAttribute("customer_subgraph.write_outcomes", [...writeOutcomes]);
            }
            if (outcome === "error") span.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}
