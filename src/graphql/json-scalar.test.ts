import { graphql, parse, type ValueNode } from "graphql";
import { buildSubgraphSchemaFromCode } from "../schema.js";
import { JSONScalar, SCALAR_MESSAGES } from "./scalars.js";

/** The literal of `value` as the parser sees it inside a query. */
function literal(text: string): ValueNode {
  const document = parse(`{ f(a: ${text}) }`);
  const operation = document.definitions[0];
  if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
  const field = operation.selectionSet.selections[0];
  if (field.kind !== "Field" || !field.arguments) throw new Error("not a field");
  return field.arguments[0].value;
}

describe("JSON scalar", () => {
  it("parses JSON literals: objects, lists, strings, numbers, booleans and null", () => {
    expect(
      JSONScalar.parseLiteral(literal('{ a: [1, 2.5, "x", true, null], b: { c: "d" } }')),
    ).toEqual({ a: [1, 2.5, "x", true, null], b: { c: "d" } });
    expect(JSONScalar.parseValue({ any: ["json"] })).toEqual({ any: ["json"] });
  });

  it("serves values as they are", () => {
    const body = { firstName: "Ada", PrimaryAddress: { __id: 5001, __update: true } };
    expect(JSONScalar.serialize(body)).toBe(body);
  });

  it("refuses a literal that is not JSON with a fixed sentence that never quotes it", () => {
    const secretLooking = "SECRET_ENUM_900123456";
    for (const text of [secretLooking, `{ nested: [${secretLooking}] }`]) {
      let message = "";
      try {
        JSONScalar.parseLiteral(literal(text));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe(SCALAR_MESSAGES.jsonInput);
      expect(message).not.toContain(secretLooking);
    }
  });

  it("is the JSON of the public schema, on plan bodies and changes", async () => {
    const schema = await buildSubgraphSchemaFromCode();
    expect(schema.getType("JSON")).toBeDefined();
    const result = await graphql({
      schema,
      source: '{ __type(name: "PlannedRequest") { fields { name type { name } } } }',
    });
    const fields = (
      result.data?.__type as { fields: Array<{ name: string; type: { name: string } }> }
    ).fields;
    expect(fields.find((field) => field.name === "body")?.type.name).toBe("JSON");
  });
});
