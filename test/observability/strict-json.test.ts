import { parseStrictJson, StrictJsonError } from "./strict-json.js";

describe("parseStrictJson", () => {
  it("reads what JSON.parse reads", () => {
    const samples = [
      '{"a":1,"b":[true,false,null,"x\\n\\u00e9"],"c":{"d":-1.5e3}}',
      "[]",
      "{}",
      ' { "a" : [ 1 , 2 ] } ',
      '"text"',
    ];
    for (const sample of samples) expect(parseStrictJson(sample)).toEqual(JSON.parse(sample));
  });

  it("rejects a key written twice, at any depth", () => {
    expect(() => parseStrictJson('{"provider":"A","provider":"A"}')).toThrow(
      new StrictJsonError('duplicate key "provider" at offset 26'),
    );
    expect(() => parseStrictJson('{"a":{"b":1,"b":2}}')).toThrow(/duplicate key "b"/);
    expect(() => parseStrictJson('[{"x":1},{"x":1,"y":2,"x":3}]')).toThrow(/duplicate key "x"/);
  });

  it("rejects what is not JSON", () => {
    for (const bad of ["{a:1}", '{"a":1,}', "[1,]", '{"a":1} x', "'a'", '"\u0001"', "01"]) {
      expect(() => parseStrictJson(bad)).toThrow(StrictJsonError);
    }
  });
});
