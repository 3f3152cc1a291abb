package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GraphqlParser.GraphqlError;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.IdentityHashMap;
import java.util.Map;

/** graphql.parse_query, parse_schema, schema_is_valid, is_valid, parse_and_verify and parse. */
public final class GraphqlBuiltins {
  private GraphqlBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("graphql.parse_query", 1, a -> parseQuery(a.string(0), null));
    r.register("graphql.parse_schema", 1, a -> parseSchema(a.string(0), null));
    r.register("graphql.schema_is_valid", 1, a -> BooleanValue.of(schemaValid(a, 0)));
    r.register("graphql.is_valid", 2, a -> {
      try {
        check(a);
        return BooleanValue.TRUE;
      } catch (BuiltinException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register("graphql.parse_and_verify", 2, a -> {
      try {
        Value[] docs = check(a);
        return ArrayValue.of(BooleanValue.TRUE, docs[0], docs[1]);
      } catch (BuiltinException e) {
        return ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
      }
    });
    r.register("graphql.parse", 2, a -> {
      Value[] docs = check(a);
      return ArrayValue.of(docs[0], docs[1]);
    });
  }

  static ObjectValue parseQuery(String text, Map<Value, int[]> positions) {
    try {
      return GraphqlParser.parseQuery(text, positions);
    } catch (GraphqlError e) {
      throw BuiltinException.error(e.render());
    }
  }

  static ObjectValue parseSchema(String text, Map<Value, int[]> positions) {
    try {
      return GraphqlSchemaParser.parseSchema(text, positions);
    } catch (GraphqlError e) {
      throw BuiltinException.error(e.render());
    }
  }

  /** A query or schema operand: GraphQL text, or an AST object as parse_* returns it. */
  private static ObjectValue document(Args a, int i, boolean schema, Map<Value, int[]> positions) {
    Value v = a.get(i);
    if (v instanceof StringValue s) {
      return schema ? parseSchema(s.value(), positions) : parseQuery(s.value(), positions);
    }
    if (v instanceof ObjectValue o) {
      return o;
    }
    throw a.typeError(i, "one of {string, object}");
  }

  private static boolean schemaValid(Args a, int i) {
    try {
      Map<Value, int[]> positions = new IdentityHashMap<>();
      GraphqlSchemaValidator.validate(document(a, i, true, positions), positions);
      return true;
    } catch (BuiltinException e) {
      return false;
    }
  }

  /** Parses and validates query (operand 1) against schema (operand 2); returns {query AST, schema AST}. */
  private static Value[] check(Args a) {
    Map<Value, int[]> positions = new IdentityHashMap<>();
    ObjectValue query = document(a, 0, false, positions);
    ObjectValue schema = document(a, 1, true, positions);
    GraphqlSchema model = GraphqlSchemaValidator.validate(schema, positions);
    GraphqlQueryValidator.validate(query, model, positions);
    return new Value[] {query, schema};
  }
}
