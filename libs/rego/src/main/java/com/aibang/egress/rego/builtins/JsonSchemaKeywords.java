package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/** The per-type bound keywords of {@link JsonSchemaValidator} (numbers, strings, arrays, objects). */
final class JsonSchemaKeywords {
  private JsonSchemaKeywords() {}

  static void checkScalars(JsonSchemaValidator v, Value doc, ObjectValue s, String field) {
    if (doc instanceof NumberValue n) {
      numbers(v, n.bigDecimal(), s, field);
    } else if (doc instanceof StringValue str) {
      strings(v, str.value(), s, field);
    } else if (doc instanceof ArrayValue a) {
      arrays(v, a, s, field);
    } else if (doc instanceof ObjectValue o) {
      bounded(v, o.size(), s, "minProperties", "maxProperties", field, "array_min_properties", "array_max_properties",
          "Must have at least %s properties", "Must have at most %s properties");
    }
  }

  private static BigDecimal num(ObjectValue s, String key) {
    return s.get(key) instanceof NumberValue n ? n.bigDecimal() : null;
  }

  private static void numbers(JsonSchemaValidator v, BigDecimal x, ObjectValue s, String field) {
    BigDecimal min = num(s, "minimum");
    BigDecimal max = num(s, "maximum");
    // Draft 4 writes exclusiveMinimum: true next to minimum; draft 6+ gives the bound itself.
    boolean exMinFlag = s.get("exclusiveMinimum") instanceof BooleanValue b && b.value();
    boolean exMaxFlag = s.get("exclusiveMaximum") instanceof BooleanValue b && b.value();
    BigDecimal exMin = exMinFlag ? min : num(s, "exclusiveMinimum");
    BigDecimal exMax = exMaxFlag ? max : num(s, "exclusiveMaximum");
    if (min != null && !exMinFlag && x.compareTo(min) < 0) {
      v.report(field, "number_gte", "Must be greater than or equal to " + plain(min));
    }
    if (exMin != null && x.compareTo(exMin) <= 0) {
      v.report(field, "number_gt", "Must be greater than " + plain(exMin));
    }
    if (max != null && !exMaxFlag && x.compareTo(max) > 0) {
      v.report(field, "number_lte", "Must be less than or equal to " + plain(max));
    }
    if (exMax != null && x.compareTo(exMax) >= 0) {
      v.report(field, "number_lt", "Must be less than " + plain(exMax));
    }
    BigDecimal multiple = num(s, "multipleOf");
    if (multiple != null && multiple.signum() > 0 && x.remainder(multiple).signum() != 0) {
      v.report(field, "multiple_of", "Must be a multiple of " + plain(multiple));
    }
  }

  private static void strings(JsonSchemaValidator v, String x, ObjectValue s, String field) {
    bounded(v, x.codePointCount(0, x.length()), s, "minLength", "maxLength", field, "string_gte", "string_lte",
        "String length must be greater than or equal to %s", "String length must be less than or equal to %s");
    if (s.get("pattern") instanceof StringValue p && !RegexBuiltins.guarded(() -> RegexBuiltins.compile(p.value()).matches(x))) {
      v.report(field, "pattern", "Does not match pattern '" + p.value() + "'");
    }
  }

  private static void arrays(JsonSchemaValidator v, ArrayValue a, ObjectValue s, String field) {
    bounded(v, a.size(), s, "minItems", "maxItems", field, "array_min_items", "array_max_items",
        "Array must have at least %s items", "Array must have at most %s items");
    if (s.get("uniqueItems") instanceof BooleanValue u && u.value()) {
      Set<Value> seen = new HashSet<>();
      for (int i = 0; i < a.size(); i++) {
        if (!seen.add(a.get(i))) {
          v.report(field, "unique", "array items must be unique");
          return;
        }
      }
    }
  }

  private static void bounded(JsonSchemaValidator v, long size, ObjectValue s, String minKey, String maxKey, String field,
                              String minType, String maxType, String minText, String maxText) {
    BigDecimal min = num(s, minKey);
    BigDecimal max = num(s, maxKey);
    if (min != null && BigDecimal.valueOf(size).compareTo(min) < 0) {
      v.report(field, minType, String.format(minText, plain(min)));
    }
    if (max != null && BigDecimal.valueOf(size).compareTo(max) > 0) {
      v.report(field, maxType, String.format(maxText, plain(max)));
    }
  }

  private static String plain(BigDecimal d) { return NumberValue.of(d).toString(); }
}
