package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.StringValue;

/** json.marshal, json.unmarshal, json.is_valid. */
public final class JsonBuiltins {
  private JsonBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("json.marshal", 1, a -> StringValue.of(JsonCodec.write(a.get(0))));
    r.register("json.unmarshal", 1, a -> {
      try {
        return JsonCodec.parse(a.string(0));
      } catch (IllegalArgumentException e) {
        throw BuiltinException.error(e.getMessage());
      }
    });
    r.register("json.is_valid", 1, a -> {
      if (!(a.get(0) instanceof StringValue)) {
        return BooleanValue.FALSE;
      }
      try {
        JsonCodec.parse(a.string(0));
        return BooleanValue.TRUE;
      } catch (IllegalArgumentException e) {
        return BooleanValue.FALSE;
      }
    });
  }
}
