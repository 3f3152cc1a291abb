package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import org.junit.jupiter.api.Test;

class JsonSchemaBuiltinsTest {
  private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"host\", \"port\"], \"additionalProperties\": false,"
      + " \"properties\": {\"host\": {\"type\": \"string\", \"pattern\": \"^[a-z0-9.-]+$\", \"maxLength\": 253},"
      + " \"port\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 65535},"
      + " \"tags\": {\"type\": \"array\", \"items\": {\"enum\": [\"a\", \"b\"]}, \"uniqueItems\": true}}}";

  @Test
  void matchReportsEachViolationLikeGojsonschema() {
    assertCall("[true, []]", "json.match_schema", json("{\"host\": \"login.microsoft.com\", \"port\": 443}"), json(SCHEMA));
    assertCall("[true, []]", "json.match_schema", str("{\"host\": \"a\", \"port\": 1.0}"), str(SCHEMA));
    assertCall("[false, [{\"desc\": \"Invalid type. Expected: integer, given: string\","
        + " \"error\": \"port: Invalid type. Expected: integer, given: string\", \"field\": \"port\", \"type\": \"invalid_type\"}]]",
        "json.match_schema", json("{\"host\": \"a\", \"port\": \"443\"}"), json(SCHEMA));
    assertCall("[false, [{\"desc\": \"port is required\", \"error\": \"(root): port is required\", \"field\": \"(root)\", \"type\": \"required\"}]]",
        "json.match_schema", json("{\"host\": \"a\"}"), json(SCHEMA));
    assertCall("[false, [{\"desc\": \"Must be less than or equal to 65535\", \"error\": \"port: Must be less than or equal to 65535\","
        + " \"field\": \"port\", \"type\": \"number_lte\"}, {\"desc\": \"Additional property x is not allowed\","
        + " \"error\": \"(root): Additional property x is not allowed\", \"field\": \"(root)\", \"type\": \"additional_property_not_allowed\"}]]",
        "json.match_schema", json("{\"host\": \"a\", \"port\": 70000, \"x\": 1}"), json(SCHEMA));
    assertCall("[false, [{\"desc\": \"Does not match pattern '^[a-z0-9.-]+$'\", \"error\": \"host: Does not match pattern '^[a-z0-9.-]+$'\","
        + " \"field\": \"host\", \"type\": \"pattern\"}]]", "json.match_schema", json("{\"host\": \"A!\", \"port\": 1}"), json(SCHEMA));
    assertCall("[false, [{\"desc\": \"tags.1 must be one of the following: \\\"a\\\", \\\"b\\\"\", \"error\": \"tags.1: tags.1 must be one of the following: \\\"a\\\", \\\"b\\\"\","
        + " \"field\": \"tags.1\", \"type\": \"enum\"}]]", "json.match_schema", json("{\"host\": \"a\", \"port\": 1, \"tags\": [\"a\", \"c\"]}"), json(SCHEMA));
  }

  @Test
  void verifyChecksTheSchemaItself() {
    assertCall("[true, null]", "json.verify_schema", str("{\"type\": \"boolean\"}"));
    assertCall("[false, \"jsonschema: has a primitive type that is NOT VALID -- given: /text/ Expected valid values are:"
        + "[array boolean integer number null object string]\"]", "json.verify_schema", json("{\"properties\": {\"a\": {\"type\": \"text\"}}}"));
    assertFails(BuiltinException.BUILTIN_ERROR, "has a primitive type that is NOT VALID", "json.match_schema",
        json("{}"), json("{\"type\": \"unknown\"}"));
  }
}
