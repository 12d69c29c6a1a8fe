/**
 * A small, honest parser for the OData v2 `$filter` subset the simulator supports
 * (docs/providers/loanpro.md §4.3). Anything outside the subset is a FilterSyntaxError, which the
 * simulator answers with 409 (LoanPro's usual failure status, docs/providers/loanpro.md §9), never
 * with a guess.
 *
 * Supported:  expr   := and ("or" and)*
 *             and    := unary ("and" unary)*
 *             unary  := "not" unary | "(" expr ")" | call | value op value
 *             op     := eq | ne | gt | ge | lt | le
 *             value  := field | number | 'string' (quote doubled to escape) | null | true | false
 *                     | tolower(value) | toupper(value)
 *             call   := substringof(value, value) | contains(value, value)
 *                     | startswith(value, value) | endswith(value, value)
 */

export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterSyntaxError";
  }
}

type Scalar = string | number | boolean | null;
export type FilterRecord = Record<string, unknown>;
export type FilterPredicate = (record: FilterRecord) => boolean;
type ValueNode = (record: FilterRecord) => Scalar;

type Token =
  | { kind: "word"; text: string }
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "punct"; text: "(" | ")" | "," };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index];
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "(" || char === ")" || char === ",") {
      tokens.push({ kind: "punct", text: char });
      index += 1;
    } else if (char === "'") {
      let value = "";
      index += 1;
      for (;;) {
        if (index >= input.length) throw new FilterSyntaxError("Unterminated string literal");
        if (input[index] === "'") {
          if (input[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += input[index];
        index += 1;
      }
      tokens.push({ kind: "string", value });
    } else if (/[-0-9]/.test(char)) {
      const match = /^-?\d+(\.\d+)?/.exec(input.slice(index));
      if (!match) throw new FilterSyntaxError(`Unexpected character at position ${index}`);
      tokens.push({ kind: "number", value: Number(match[0]) });
      index += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(index)) as RegExpExecArray;
      tokens.push({ kind: "word", text: match[0] });
      index += match[0].length;
    } else {
      throw new FilterSyntaxError(`Unexpected character at position ${index}`);
    }
  }
  return tokens;
}

const COMPARISONS = ["eq", "ne", "gt", "ge", "lt", "le"] as const;
type Comparison = (typeof COMPARISONS)[number];
const STRING_FUNCTIONS = ["tolower", "toupper"] as const;
const BOOLEAN_FUNCTIONS = ["substringof", "contains", "startswith", "endswith"] as const;

function compare(operator: Comparison, left: Scalar, right: Scalar): boolean {
  switch (operator) {
    case "eq":
      return left === right;
    case "ne":
      return left !== right;
    case "gt":
    case "ge":
    case "lt":
    case "le": {
      if (left === null || right === null) return false;
      if (operator === "gt") return left > right;
      if (operator === "ge") return left >= right;
      if (operator === "lt") return left < right;
      return left <= right;
    }
    default: {
      const unreachable: never = operator;
      throw new FilterSyntaxError(`Unknown operator ${String(unreachable)}`);
    }
  }
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: ReadonlySet<string>,
  ) {}

  parse(): FilterPredicate {
    const predicate = this.parseOr();
    if (this.position < this.tokens.length)
      throw new FilterSyntaxError("Unexpected trailing input");
    return predicate;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token?.kind === "word" && token.text.toLowerCase() === text;
  }

  private expectPunct(text: "(" | ")" | ","): void {
    const token = this.peek();
    if (token?.kind !== "punct" || token.text !== text) {
      throw new FilterSyntaxError(`Expected '${text}'`);
    }
    this.position += 1;
  }

  private parseOr(): FilterPredicate {
    const parts = [this.parseAnd()];
    while (this.isWord("or")) {
      this.position += 1;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? parts[0] : (record) => parts.some((part) => part(record));
  }

  private parseAnd(): FilterPredicate {
    const parts = [this.parseUnary()];
    while (this.isWord("and")) {
      this.position += 1;
      parts.push(this.parseUnary());
    }
    return parts.length === 1 ? parts[0] : (record) => parts.every((part) => part(record));
  }

  private parseUnary(): FilterPredicate {
    if (this.isWord("not")) {
      this.position += 1;
      const inner = this.parseUnary();
      return (record) => !inner(record);
    }
    const token = this.peek();
    if (token?.kind === "punct" && token.text === "(") {
      this.position += 1;
      const inner = this.parseOr();
      this.expectPunct(")");
      return inner;
    }
    if (token?.kind === "word") {
      const name = token.text.toLowerCase();
      const booleanFunction = BOOLEAN_FUNCTIONS.find((candidate) => candidate === name);
      if (booleanFunction) return this.parseBooleanCall(booleanFunction);
    }
    const left = this.parseValue();
    const operatorToken = this.peek();
    const operator =
      operatorToken?.kind === "word"
        ? COMPARISONS.find((candidate) => candidate === operatorToken.text.toLowerCase())
        : undefined;
    if (!operator) throw new FilterSyntaxError("Expected a comparison operator");
    this.position += 1;
    const right = this.parseValue();
    return (record) => compare(operator, left(record), right(record));
  }

  private parseBooleanCall(name: (typeof BOOLEAN_FUNCTIONS)[number]): FilterPredicate {
    this.position += 1;
    this.expectPunct("(");
    const first = this.parseValue();
    this.expectPunct(",");
    const second = this.parseValue();
    this.expectPunct(")");
    // OData v2 substringof(needle, haystack); v4 contains(haystack, needle).
    const [needle, haystack] = name === "substringof" ? [first, second] : [second, first];
    return (record) => {
      const hay = haystack(record);
      const pin = needle(record);
      if (typeof hay !== "string" || typeof pin !== "string") return false;
      if (name === "startswith") return hay.startsWith(pin);
      if (name === "endswith") return hay.endsWith(pin);
      return hay.includes(pin);
    };
  }

  private parseValue(): ValueNode {
    const token = this.peek();
    if (!token) throw new FilterSyntaxError("Unexpected end of filter");
    this.position += 1;
    if (token.kind === "number") return () => token.value;
    if (token.kind === "string") return () => token.value;
    if (token.kind === "punct") throw new FilterSyntaxError(`Unexpected '${token.text}'`);
    const word = token.text;
    const lower = word.toLowerCase();
    if (lower === "null") return () => null;
    if (lower === "true") return () => true;
    if (lower === "false") return () => false;
    const stringFunction = STRING_FUNCTIONS.find((candidate) => candidate === lower);
    if (stringFunction) {
      this.expectPunct("(");
      const inner = this.parseValue();
      this.expectPunct(")");
      return (record) => {
        const value = inner(record);
        if (typeof value !== "string") return value;
        return stringFunction === "tolower" ? value.toLowerCase() : value.toUpperCase();
      };
    }
    if (this.peek()?.kind === "punct" && (this.peek() as { text: string }).text === "(") {
      throw new FilterSyntaxError(`Unsupported function ${word}`);
    }
    if (!this.fields.has(word)) throw new FilterSyntaxError(`Unknown property ${word}`);
    return (record) => {
      const value = record[word];
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? value
        : null;
    };
  }
}

/** Parses `$filter` into a predicate over records with the given field names. */
export function parseFilter(filter: string, fields: ReadonlySet<string>): FilterPredicate {
  return new Parser(tokenize(filter), fields).parse();
}
