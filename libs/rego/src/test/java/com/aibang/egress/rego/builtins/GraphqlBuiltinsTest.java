package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.call;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import org.junit.jupiter.api.Test;

class GraphqlBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;
  private static final String SCHEMA = """
      type Query { route(host: String!, port: Int = 443): Route }
      type Route { allowed: Boolean!, pool: Pool }
      enum Pool { DIRECT PARENT }
      """;

  @Test
  void parsesQueriesIntoGqlparserShape() {
    assertCall("{\"Operations\": [{\"Name\": \"\", \"Operation\": \"query\", \"SelectionSet\": [{\"Alias\": \"r\","
        + " \"Arguments\": [{\"Name\": \"host\", \"Value\": {\"ExpectedTypeHasDefault\": false, \"Kind\": 3, \"Raw\": \"a.b\"}}],"
        + " \"Name\": \"route\", \"SelectionSet\": [{\"Alias\": \"allowed\", \"Name\": \"allowed\"}]}]}]}",
        "graphql.parse_query", str("{ r: route(host: \"a.b\") { allowed } }"));
    assertFails(ERR, "Unexpected } in GraphQL string at location 1:15", "graphql.parse_query", str("{ route(host: }"));
    assertFails(ERR, "Expected Name, found <EOF> in GraphQL string at location 1:8", "graphql.parse_query", str("{ route"));
    assertFails(ERR, "Unexpected Name \"subscribe\" in GraphQL string at location 1:1", "graphql.parse_query", str("subscribe { x }"));
  }

  @Test
  void parsesAndValidatesSchemas() {
    assertCall("{\"Definitions\": [{\"BuiltIn\": false, \"Description\": \"The pools\", \"EnumValues\": [{\"Description\": \"\","
        + " \"Name\": \"DIRECT\"}], \"Kind\": \"ENUM\", \"Name\": \"Pool\"}]}", "graphql.parse_schema", str("\"The pools\" enum Pool { DIRECT }"));
    assertCall("true", "graphql.schema_is_valid", str(SCHEMA));
    assertCall("false", "graphql.schema_is_valid", str("type Query { r: Missing }"));
    assertCall("false", "graphql.schema_is_valid", str("type Query { r: String @skip(if: true) }"));
    assertCall("false", "graphql.schema_is_valid", str("union U = String"));
  }

  @Test
  void validatesQueriesAgainstTheSchema() {
    assertCall("true", "graphql.is_valid", str("query Q($h: String!) { route(host: $h) { allowed pool } }"), str(SCHEMA));
    assertCall("false", "graphql.is_valid", str("{ route { allowed } }"), str(SCHEMA));
    assertCall("false", "graphql.is_valid", str("{ route(host: \"x\") }"), str(SCHEMA));
    assertCall("false", "graphql.is_valid", str("query Q($unused: Int) { route(host: \"x\") { allowed } }"), str(SCHEMA));
    assertCall("false", "graphql.is_valid", str("{ route(host: \"x\", via: 1) { allowed } }"), str(SCHEMA));
    ArrayValue verified = (ArrayValue) call("graphql.parse_and_verify", str("{ route(host: \"x\") { pool } }"), str(SCHEMA));
    assertEquals(BooleanValue.TRUE, verified.get(0));
    assertFails(ERR, "Cannot query field \"nope\" on type \"Route\". in GraphQL string at location 1:22", "graphql.parse",
        str("{ route(host: \"x\") { nope } }"), str(SCHEMA));
  }
}
