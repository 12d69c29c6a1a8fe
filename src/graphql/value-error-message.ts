/**
 * The redaction of graphql-js messages about input values: graphql-js's own scalars, enums and
 * coercion quote the rejected value ("String cannot represent a non string value: 900123456").
 * A rejected value is never echoed (docs/architecture.md), so such an error gets a fixed message
 * naming only the place and the expected type, both from the schema. Used by the error border,
 * `to-graphql-error.ts`.
 */
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isInputType,
  isListType,
  isRequiredInputField,
  isValueNode,
  Kind,
  parse,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type Location,
  type ObjectFieldNode,
  type Source,
  type VariableDefinitionNode,
} from "graphql";
import { SCALAR_MESSAGES } from "./scalars.js";

const SAFE_MESSAGES: ReadonlySet<string> = new Set(Object.values(SCALAR_MESSAGES));

/** Said of a value whose place could not be worked out from the operation and the schema. */
export const INVALID_VALUE_MESSAGE = "A value in the operation is invalid.";

/** Value literals: whatever they print is the caller's input. Variables ($x) are names. */
const VALUE_LITERAL_KINDS: ReadonlySet<string> = new Set([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

type ValueTarget = ASTNode & { loc: Location };

/** Where a value literal sits, in names taken from the schema. */
interface LiteralPlace {
  /** `Argument "input" of field "Mutation.updateCustomer"` */
  owner: string;
  /** Schema names and list indices from the argument (or variable) down to the value. */
  path: string[];
  expected?: GraphQLInputType;
  /** Set for an object field the expected input type does not define. */
  unknownField?: boolean;
  /** Required fields of the expected input object that an object literal leaves out. */
  missing?: string[];
}

function targetOf(error: GraphQLError): ValueTarget | undefined {
  const node = error.nodes?.find((candidate) => VALUE_LITERAL_KINDS.has(candidate.kind));
  return node?.loc ? (node as ValueTarget) : undefined;
}

function isVariableCoercionError(error: GraphQLError): boolean {
  const node = error.nodes?.[0];
  return (
    error.extensions?.code === "BAD_USER_INPUT" &&
    node?.kind === Kind.VARIABLE_DEFINITION &&
    error.message.startsWith(`Variable "$`)
  );
}

function printPath(path: readonly string[]): string {
  return path
    .map((segment, index) => (index === 0 || segment.startsWith("[") ? segment : `.${segment}`))
    .join("");
}

/** Our scalars' fixed sentences are kept: they say what is wrong without the value. */
function safeDetail(error: GraphQLError): string {
  for (const candidate of [error.originalError?.message, error.message]) {
    if (candidate !== undefined && SAFE_MESSAGES.has(candidate)) return ` ${candidate}`;
  }
  return "";
}

function phrase(
  owner: string,
  path: readonly string[],
  expected: GraphQLInputType | undefined,
): string {
  const where = path.length > 1 ? ` at "${printPath(path)}"` : "";
  const what = expected ? `: expected a value of type "${String(expected)}"` : "";
  return `${owner} is invalid${where}${what}.`;
}

/**
 * Walks a variable's type along a coercion path ("input.governmentId.number"), accepting only
 * field names the schema defines and list indices; undefined when the path does not fit.
 */
function walkVariablePath(
  type: GraphQLInputType,
  printed: string,
  variableName: string,
): { path: string[]; type: GraphQLInputType } | undefined {
  if (!printed.startsWith(variableName)) return undefined;
  const rest = printed.slice(variableName.length);
  const segments = rest.match(/\.[^.[]+|\[\d+\]/g) ?? [];
  if (segments.join("") !== rest) return undefined;
  const path = [variableName];
  let current: GraphQLInputType = type;
  for (const segment of segments) {
    const nullable = getNullableType(current);
    if (segment.startsWith("[")) {
      if (!isListType(nullable)) return undefined;
      current = nullable.ofType as GraphQLInputType;
      path.push(segment);
    } else {
      const field = isInputObjectType(nullable)
        ? nullable.getFields()[segment.slice(1)]
        : undefined;
      if (!field) return undefined;
      current = field.type;
      path.push(field.name);
    }
  }
  return { path, type: current };
}

/**
 * graphql-js words a variable coercion error as `Variable "$v" got invalid value <value> at
 * "<path>"; <cause>`. Only the part between the value and the cause is read, and only when the
 * schema confirms it; the variable's name is the caller's own identifier, not a value.
 */
function describeVariableError(error: GraphQLError, schema: GraphQLSchema | undefined): string {
  const definition = error.nodes?.[0] as VariableDefinitionNode;
  const name = definition.variable.name.value;
  const owner = `Variable "$${name}"`;
  const type = schema ? typeFromAST(schema, definition.type) : undefined;
  if (!type || !isInputType(type)) return `${owner} is invalid.${safeDetail(error)}`;
  let place = { path: [name], type: type as GraphQLInputType };
  const cause = error.originalError?.message;
  if (cause !== undefined && error.message.endsWith(`; ${cause}`)) {
    const head = error.message.slice(0, error.message.length - cause.length - 2);
    const printed = / at "([^"]+)"$/.exec(head)?.[1];
    place = (printed && walkVariablePath(type, printed, name)) || place;
  }
  return phrase(owner, place.path, place.type) + safeDetail(error);
}

/** Every value literal of one document, by kind and offset, with its place. */
const placesBySource = new WeakMap<Source, Map<string, LiteralPlace>>();

function literalKey(node: ValueTarget): string {
  return `${node.kind}@${node.loc.start}`;
}

function argumentOwner(typeInfo: TypeInfo): string | undefined {
  const argument = typeInfo.getArgument();
  const directive = typeInfo.getDirective();
  const field = typeInfo.getFieldDef();
  const parent = typeInfo.getParentType();
  if (!argument) return undefined;
  if (directive) return `Argument "${argument.name}" of directive "@${directive.name}"`;
  return field && parent
    ? `Argument "${argument.name}" of field "${parent.name}.${field.name}"`
    : undefined;
}

/** The schema's own name of an object field, or undefined when the type does not define it. */
function definedFieldName(node: ObjectFieldNode, typeInfo: TypeInfo): string | undefined {
  const parentType = getNamedType(typeInfo.getParentInputType());
  return isInputObjectType(parentType) ? parentType.getFields()[node.name.value]?.name : undefined;
}

function isLiteral(node: ASTNode): boolean {
  return isValueNode(node) && node.kind !== Kind.VARIABLE;
}

/**
 * One walk of the document with the schema's type information, done on the first value error of
 * a document (graphql-js stops validating at 100 errors) and kept with its Source.
 */
function literalPlaces(source: Source, schema: GraphQLSchema): Map<string, LiteralPlace> {
  const cached = placesBySource.get(source);
  if (cached) return cached;
  const places = new Map<string, LiteralPlace>();
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const pushed: boolean[] = [];
  let owner: string | undefined;
  const record = (node: ASTNode, place: Omit<LiteralPlace, "owner">) => {
    if (owner && node.loc) places.set(literalKey(node as ValueTarget), { owner, ...place });
  };
  visit(
    parse(source),
    visitWithTypeInfo(typeInfo, {
      enter(node, key) {
        let segment: string | undefined;
        if (node.kind === Kind.VARIABLE_DEFINITION) {
          owner = `The default value of variable "$${node.variable.name.value}"`;
          segment = node.variable.name.value;
        } else if (node.kind === Kind.ARGUMENT) {
          owner = argumentOwner(typeInfo);
          segment = typeInfo.getArgument()?.name;
        } else if (node.kind === Kind.OBJECT_FIELD) {
          segment = definedFieldName(node, typeInfo);
          if (segment === undefined) {
            // The caller's field name is not the schema's: the place is the object holding it.
            const objectType = typeInfo.getParentInputType();
            record(node, {
              path: [...path],
              expected: objectType ? (getNamedType(objectType) as GraphQLInputType) : undefined,
              unknownField: true,
            });
          }
        } else if (isLiteral(node) && typeof key === "number") {
          segment = `[${key}]`; // only a list's items are value nodes held in an array
        }
        pushed.push(segment !== undefined);
        if (segment !== undefined) path.push(segment);
        if (isLiteral(node) || (node.kind === Kind.OBJECT_FIELD && segment !== undefined)) {
          // On a list, TypeInfo already holds the item type: the list's own is one level up.
          const expected =
            (node.kind === Kind.LIST ? typeInfo.getParentInputType() : typeInfo.getInputType()) ??
            undefined;
          record(node, { path: [...path], expected, missing: missingFields(node, expected) });
        }
      },
      leave(node) {
        if (pushed.pop()) path.pop();
        if (node.kind === Kind.ARGUMENT || node.kind === Kind.VARIABLE_DEFINITION) {
          owner = undefined;
        }
      },
    }),
  );
  placesBySource.set(source, places);
  return places;
}

/** Required fields the schema defines that an object literal leaves out: names from the schema. */
function missingFields(
  node: ASTNode,
  expected: GraphQLInputType | undefined,
): string[] | undefined {
  const type = getNamedType(expected);
  if (node.kind !== Kind.OBJECT || !isInputObjectType(type)) return undefined;
  const given = new Set(node.fields.map((field) => field.name.value));
  const missing = Object.values(type.getFields())
    .filter((field) => isRequiredInputField(field) && !given.has(field.name))
    .map((field) => field.name);
  return missing.length > 0 ? missing : undefined;
}

function describeLiteralError(
  error: GraphQLError,
  target: ValueTarget,
  schema: GraphQLSchema | undefined,
): string {
  let place: LiteralPlace | undefined;
  try {
    place = schema ? literalPlaces(target.loc.source, schema).get(literalKey(target)) : undefined;
  } catch {
    place = undefined; // a document that parsed once parses again; this is only a safety net
  }
  if (!place) return INVALID_VALUE_MESSAGE + safeDetail(error);
  let detail = safeDetail(error);
  if (place.unknownField && place.expected) {
    detail += ` It holds a field that "${String(place.expected)}" does not define.`;
  }
  if (place.missing) {
    detail += ` Required: ${place.missing.map((name) => `"${name}"`).join(", ")}.`;
  }
  return phrase(place.owner, place.path, place.expected) + detail;
}

/**
 * graphql-js's own scalars, enums and coercion quote the rejected value ("String cannot represent
 * a non string value: 900123456"); a rejected value is never echoed (docs/architecture.md).
 * Any error about a value literal or a variable's value is therefore given a fixed message that
 * names only the place and the expected type, both from the schema; undefined for other errors,
 * whose messages are kept.
 */
export function valueErrorMessage(
  error: GraphQLError,
  schema: GraphQLSchema | undefined,
): string | undefined {
  if (isVariableCoercionError(error)) return describeVariableError(error, schema);
  const target = targetOf(error);
  if (target) return describeLiteralError(error, target, schema);
  if (error.nodes?.some((node) => VALUE_LITERAL_KINDS.has(node.kind))) {
    return INVALID_VALUE_MESSAGE + safeDetail(error);
  }
  return undefined;
}
