package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GraphqlLexer.Kind;
import com.aibang.egress.rego.builtins.GraphqlLexer.Token;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses GraphQL executable documents into the JSON shape OPA shows for gqlparser's AST (empty
 * lists and nulls left out, positions kept aside), with gqlparser's error texts.
 * {@link GraphqlSchemaParser} adds the type-system language on the same primitives.
 */
class GraphqlParser {
  /** gqlparser's ast.ValueKind numbers. */
  static final int VARIABLE = 0;
  static final int INT = 1;
  static final int FLOAT = 2;
  static final int STRING = 3;
  static final int BLOCK = 4;
  static final int BOOLEAN = 5;
  static final int NULL = 6;
  static final int ENUM = 7;
  static final int LIST = 8;
  static final int OBJECT = 9;

  /** A syntax or validation error with its position (line 0 when unknown). */
  static final class GraphqlError extends RuntimeException {
    final int line;
    final int column;

    GraphqlError(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    /** OPA's rendering: "message in GraphQL string at location L:C". */
    String render() {
      return getMessage() + (line > 0 ? " in GraphQL string at location " + line + ":" + column : " in GraphQL string");
    }
  }

  private final List<Token> tokens;
  private int index;
  private Token previous;
  /** Where each node started, for validation messages (never part of the output). */
  final Map<Value, int[]> positions = new IdentityHashMap<>();

  GraphqlParser(String source) { this.tokens = GraphqlLexer.tokens(source); }

  static ObjectValue parseQuery(String source, Map<Value, int[]> positionsOut) {
    GraphqlParser p = new GraphqlParser(source);
    ObjectValue doc = p.queryDocument();
    if (positionsOut != null) {
      positionsOut.putAll(p.positions);
    }
    return doc;
  }

  // ---- token primitives -------------------------------------------------------------------

  Token peek() { return tokens.get(index); }

  Token next() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.EOF && t.kind() != Kind.INVALID) {
      index++;
    }
    previous = t;
    return t;
  }

  Token previous() { return previous; }

  boolean skip(String punct) {
    if (peek().is(punct)) {
      next();
      return true;
    }
    return false;
  }

  Token expect(String punct) {
    if (peek().is(punct)) {
      return next();
    }
    throw error(peek(), "Expected " + punct + ", found " + peek().describe());
  }

  void expectKeyword(String word) {
    if (peek().isName(word)) {
      next();
      return;
    }
    throw error(peek(), "Expected " + GoText.quote(word) + ", found " + peek().describe());
  }

  String name() {
    if (peek().kind() == Kind.NAME) {
      return next().value();
    }
    throw error(peek(), "Expected Name, found " + peek().describe());
  }

  GraphqlError unexpected(Token t) { return error(t, "Unexpected " + t.describe()); }

  GraphqlError error(Token t, String message) { return new GraphqlError(message, t.line(), t.column()); }

  /** {@code start item* end} with zero or more items; nothing when start is absent. */
  List<Value> many(String start, String end, java.util.function.Supplier<Value> item) {
    List<Value> out = new ArrayList<>();
    if (!skip(start)) {
      return out;
    }
    while (!peek().is(end)) {
      // Each item consumes input or throws, so an unterminated list ends with the item's own error.
      out.add(item.get());
    }
    next();
    return out;
  }

  /** Like {@link #many} but at least one item is required. */
  List<Value> some(String start, String end, java.util.function.Supplier<Value> item) {
    List<Value> out = new ArrayList<>();
    if (!skip(start)) {
      return out;
    }
    while (!peek().is(end)) {
      out.add(item.get());
    }
    if (out.isEmpty()) {
      throw error(peek(), "expected at least one definition, found " + peek().value());
    }
    next();
    return out;
  }

  /** An object node; null values and empty lists are left out, as OPA prunes them. */
  ObjectValue node(Token at, Object... keyValues) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      Value value = v instanceof String s ? StringValue.of(s) : v instanceof Boolean bo ? BooleanValue.of(bo)
          : v instanceof Integer n ? NumberValue.of(n) : v instanceof List<?> l ? (l.isEmpty() ? null : list(l)) : (Value) v;
      if (value != null) {
        b.put((String) keyValues[i], value);
      }
    }
    ObjectValue o = b.build();
    if (at != null) {
      positions.put(o, new int[] {at.line(), at.column()});
    }
    return o;
  }

  private static Value list(List<?> items) {
    List<Value> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o instanceof String s ? StringValue.of(s) : (Value) o);
    }
    return ArrayValue.wrap(out);
  }

  // ---- executable documents ----------------------------------------------------------------

  private ObjectValue queryDocument() {
    List<Value> operations = new ArrayList<>();
    List<Value> fragments = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      Token t = peek();
      if (t.kind() == Kind.NAME && (t.value().equals("query") || t.value().equals("mutation") || t.value().equals("subscription"))) {
        operations.add(operation());
      } else if (t.isName("fragment")) {
        fragments.add(fragmentDefinition());
      } else if (t.is("{")) {
        operations.add(operation());
      } else {
        throw unexpected(t);
      }
    }
    return node(null, "Operations", operations, "Fragments", fragments);
  }

  private Value operation() {
    Token start = peek();
    if (start.is("{")) {
      return node(start, "Operation", "query", "Name", "", "SelectionSet", selectionSet());
    }
    String op = operationType();
    String name = peek().kind() == Kind.NAME ? next().value() : "";
    List<Value> vars = many("(", ")", this::variableDefinition);
    List<Value> directives = directives(false);
    return node(start, "Operation", op, "Name", name, "VariableDefinitions", vars, "Directives", directives,
        "SelectionSet", selectionSet());
  }

  String operationType() {
    Token t = next();
    if (t.kind() == Kind.NAME && (t.value().equals("query") || t.value().equals("mutation") || t.value().equals("subscription"))) {
      return t.value();
    }
    throw unexpected(t);
  }

  private Value variableDefinition() {
    Token start = peek();
    expect("$");
    String variable = name();
    expect(":");
    Value type = typeReference();
    Value defaultValue = skip("=") ? value(true) : null;
    List<Value> directives = directives(false);
    return node(start, "Variable", variable, "Type", type, "DefaultValue", defaultValue, "Directives", directives, "Used", false);
  }

  List<Value> selectionSet() {
    if (!peek().is("{")) {
      throw error(peek(), "Expected {, found " + peek().describe());
    }
    return some("{", "}", this::selection);
  }

  private Value selection() {
    Token start = peek();
    if (start.is("...")) {
      next();
      if (peek().kind() == Kind.NAME && !peek().value().equals("on")) {
        String fragment = name();
        return node(start, "Name", fragment, "Directives", directives(false));
      }
      String typeCondition = "";
      if (peek().isName("on")) {
        next();
        typeCondition = name();
      }
      List<Value> directives = directives(false);
      return node(start, "TypeCondition", typeCondition, "Directives", directives, "SelectionSet", selectionSet());
    }
    String alias = name();
    String fieldName = skip(":") ? name() : alias;
    List<Value> args = many("(", ")", () -> argument(false));
    List<Value> directives = directives(false);
    List<Value> selections = peek().is("{") ? selectionSet() : List.of();
    return node(start, "Alias", alias, "Name", fieldName, "Arguments", args, "Directives", directives, "SelectionSet", selections);
  }

  private Value fragmentDefinition() {
    Token start = peek();
    expectKeyword("fragment");
    if (peek().isName("on")) {
      throw unexpected(peek());
    }
    String fragment = name();
    List<Value> vars = many("(", ")", this::variableDefinition);
    expectKeyword("on");
    String typeCondition = name();
    List<Value> directives = directives(false);
    return node(start, "Name", fragment, "VariableDefinition", vars, "TypeCondition", typeCondition, "Directives", directives,
        "SelectionSet", selectionSet());
  }

  Value argument(boolean isConst) {
    Token start = peek();
    String argName = name();
    expect(":");
    return node(start, "Name", argName, "Value", value(isConst));
  }

  List<Value> directives(boolean isConst) {
    List<Value> out = new ArrayList<>();
    while (peek().is("@")) {
      Token start = next();
      String directive = name();
      out.add(node(start, "Name", directive, "Arguments", many("(", ")", () -> argument(isConst)), "Location", ""));
    }
    return out;
  }

  Value typeReference() {
    Token start = peek();
    Value elem = null;
    String named = "";
    if (skip("[")) {
      elem = typeReference();
      expect("]");
    } else {
      named = name();
    }
    boolean nonNull = skip("!");
    return node(start, "NamedType", named, "Elem", elem, "NonNull", nonNull);
  }

  Value value(boolean isConst) {
    Token t = peek();
    if (t.is("[")) {
      List<Value> children = many("[", "]", () -> node(null, "Name", "", "Value", value(isConst)));
      return valueNode(t, "", LIST, children);
    }
    if (t.is("{")) {
      List<Value> children = many("{", "}", () -> {
        Token ft = peek();
        String field = name();
        expect(":");
        return node(ft, "Name", field, "Value", value(isConst));
      });
      return valueNode(t, "", OBJECT, children);
    }
    if (t.is("$")) {
      if (isConst) {
        throw unexpected(t);
      }
      next();
      return valueNode(t, name(), VARIABLE, List.of());
    }
    int kind;
    switch (t.kind()) {
      case INT -> kind = INT;
      case FLOAT -> kind = FLOAT;
      case STRING -> kind = STRING;
      case BLOCK_STRING -> kind = BLOCK;
      case NAME -> kind = t.value().equals("true") || t.value().equals("false") ? BOOLEAN : t.value().equals("null") ? NULL : ENUM;
      default -> throw unexpected(t);
    }
    next();
    return valueNode(t, t.value(), kind, List.of());
  }

  private Value valueNode(Token at, String raw, int kind, List<Value> children) {
    return node(at, "Raw", raw, "Children", children, "Kind", kind, "ExpectedTypeHasDefault", false);
  }
}
