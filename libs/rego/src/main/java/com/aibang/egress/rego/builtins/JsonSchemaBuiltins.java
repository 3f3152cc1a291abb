package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** json.verify_schema and json.match_schema (document and schema as values or JSON text). */
public final class JsonSchemaBuiltins {
  private JsonSchemaBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("json.verify_schema", 1, a -> {
      try {
        JsonSchemaValidator.checkSchema(json(a, 0));
        return ArrayValue.of(BooleanValue.TRUE, NullValue.INSTANCE);
      } catch (BuiltinException e) {
        return ArrayValue.of(BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
      }
    });
    r.register("json.match_schema", 2, a -> {
      Value document = json(a, 0);
      Value schema = json(a, 1);
      JsonSchemaValidator.checkSchema(schema);
      List<Value> errors = new ArrayList<>();
      for (JsonSchemaValidator.Violation v : JsonSchemaValidator.validate(document, schema)) {
        String field = JsonSchemaValidator.displayName(v.field());
        errors.add(ObjectValue.builder()
            .put("error", StringValue.of(field + ": " + v.description()))
            .put("type", StringValue.of(v.type()))
            .put("field", StringValue.of(field))
            .put("desc", StringValue.of(v.description()))
            .build());
      }
      return ArrayValue.of(BooleanValue.of(errors.isEmpty()), ArrayValue.wrap(errors));
    });
  }

  /** A value, or the value of JSON text given as a string. */
  private static Value json(Args a, int i) {
    Value v = a.get(i);
    if (v instanceof StringValue s) {
      try {
        return JsonCodec.parse(s.value());
      } catch (IllegalArgumentException e) {
        throw BuiltinException.error(Args.operand(i) + " is not valid JSON: " + e.getMessage());
      }
    }
    if (v instanceof ObjectValue || v instanceof BooleanValue || v instanceof ArrayValue) {
      return v;
    }
    throw a.typeError(i, "one of {string, object, boolean}");
  }
}
