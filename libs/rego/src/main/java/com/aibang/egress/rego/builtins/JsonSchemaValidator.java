package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (draft 4 to 7 core keywords) with the error texts of gojsonschema, which OPA uses:
 * type, enum, const, properties, required, additionalProperties, items, min/maxItems,
 * uniqueItems, min/maxLength, pattern (RE2), minimum/maximum (and exclusive forms), multipleOf,
 * allOf/anyOf/oneOf/not and local $ref. Unsupported keywords (format, dependencies ...) are ignored.
 */
final class JsonSchemaValidator {
  private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "null", "object", "string");

  /** One violation: where (dotted path, "(root)" for the document), what kind, and the description. */
  record Violation(String field, String type, String description) {}

  private final ObjectValue root;
  private final List<Violation> violations = new ArrayList<>();

  private JsonSchemaValidator(ObjectValue root) { this.root = root; }

  /** Rejects a malformed schema with gojsonschema's message. */
  static void checkSchema(Value schema) {
    if (schema instanceof BooleanValue) {
      return;
    }
    if (!(schema instanceof ObjectValue o)) {
      throw BuiltinException.error("schema must be an object or a boolean");
    }
    Value type = o.get("type");
    for (Value t : type instanceof ArrayValue a ? a.items() : type == null ? List.<Value>of() : List.of(type)) {
      if (!(t instanceof StringValue s) || !TYPES.contains(s.value())) {
        throw BuiltinException.error("has a primitive type that is NOT VALID -- given: /" + (t instanceof StringValue s ? s.value() : JsonCodec.write(t))
            + "/ Expected valid values are:[array boolean integer number null object string]");
      }
    }
    for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
      String k = e.getKey() instanceof StringValue s ? s.value() : "";
      if ((k.equals("properties") || k.equals("definitions") || k.equals("patternProperties")) && e.getValue() instanceof ObjectValue props) {
        props.entries().values().forEach(JsonSchemaValidator::checkSchema);
      } else if (k.equals("items") || k.equals("not") || k.equals("additionalProperties")) {
        if (e.getValue() instanceof ObjectValue) {
          checkSchema(e.getValue());
        }
      } else if ((k.equals("allOf") || k.equals("anyOf") || k.equals("oneOf")) && e.getValue() instanceof ArrayValue list) {
        list.items().forEach(JsonSchemaValidator::checkSchema);
      }
    }
  }

  static List<Violation> validate(Value document, Value schema) {
    JsonSchemaValidator v = new JsonSchemaValidator(schema instanceof ObjectValue o ? o : ObjectValue.EMPTY);
    v.check(document, schema, "(root)");
    return v.violations;
  }

  private void fail(String field, String type, String description) {
    violations.add(new Violation(field, type, description));
  }

  private boolean passes(Value doc, Value schema, String field) {
    JsonSchemaValidator sub = new JsonSchemaValidator(root);
    sub.check(doc, schema, field);
    return sub.violations.isEmpty();
  }

  private void check(Value doc, Value schemaValue, String field) {
    if (schemaValue instanceof BooleanValue b) {
      if (!b.value()) {
        fail(field, "false", "False always fails validation");
      }
      return;
    }
    ObjectValue s = (ObjectValue) schemaValue;
    if (s.get("$ref") instanceof StringValue ref) {
      check(doc, resolve(ref.value()), field);
      return;
    }
    Value type = s.get("type");
    if (type != null && !typeMatches(doc, type)) {
      String expected = type instanceof ArrayValue a ? joinTypes(a) : ((StringValue) type).value();
      fail(field, "invalid_type", "Invalid type. Expected: " + expected + ", given: " + typeOf(doc));
      return;
    }
    if (s.get("enum") instanceof ArrayValue options && !options.items().contains(doc)) {
      fail(field, "enum", displayName(field) + " must be one of the following: " + enumText(options));
    }
    if (s.get("const") != null && !s.get("const").equals(doc)) {
      fail(field, "const", displayName(field) + " does not match: " + JsonCodec.write(s.get("const")));
    }
    JsonSchemaKeywords.checkScalars(this, doc, s, field);
    if (doc instanceof ObjectValue o) {
      checkObject(o, s, field);
    } else if (doc instanceof ArrayValue a) {
      checkArray(a, s, field);
    }
    checkCombinators(doc, s, field);
  }

  /** Adds a violation found by {@link JsonSchemaKeywords}. */
  void report(String field, String type, String description) { fail(field, type, description); }

  private void checkObject(ObjectValue o, ObjectValue s, String field) {
    if (s.get("required") instanceof ArrayValue required) {
      for (Value r : required.items()) {
        if (o.get(r) == null) {
          fail(field, "required", ((StringValue) r).value() + " is required");
        }
      }
    }
    ObjectValue props = s.get("properties") instanceof ObjectValue p ? p : ObjectValue.EMPTY;
    for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
      String name = e.getKey() instanceof StringValue k ? k.value() : JsonCodec.write(e.getKey());
      String child = field.equals("(root)") ? "(root)." + name : field + "." + name;
      Value propSchema = props.get(e.getKey());
      if (propSchema != null) {
        check(e.getValue(), propSchema, child);
      } else if (s.get("additionalProperties") instanceof BooleanValue b && !b.value()) {
        fail(field, "additional_property_not_allowed", "Additional property " + name + " is not allowed");
      } else if (s.get("additionalProperties") instanceof ObjectValue extra) {
        check(e.getValue(), extra, child);
      }
    }
  }

  private void checkArray(ArrayValue a, ObjectValue s, String field) {
    Value items = s.get("items");
    for (int i = 0; i < a.size(); i++) {
      Value itemSchema = items instanceof ArrayValue tuple ? (i < tuple.size() ? tuple.get(i) : null) : items;
      if (itemSchema != null) {
        check(a.get(i), itemSchema, field + "." + i);
      }
    }
  }

  private void checkCombinators(Value doc, ObjectValue s, String field) {
    if (s.get("allOf") instanceof ArrayValue all) {
      for (Value sub : all.items()) {
        if (!passes(doc, sub, field)) {
          fail(field, "number_all_of", "Must validate all the schemas (allOf)");
          break;
        }
      }
    }
    if (s.get("anyOf") instanceof ArrayValue any && any.items().stream().noneMatch(sub -> passes(doc, sub, field))) {
      fail(field, "number_any_of", "Must validate at least one schema (anyOf)");
    }
    if (s.get("oneOf") instanceof ArrayValue one && one.items().stream().filter(sub -> passes(doc, sub, field)).count() != 1) {
      fail(field, "number_one_of", "Must validate one and only one schema (oneOf)");
    }
    if (s.get("not") != null && passes(doc, s.get("not"), field)) {
      fail(field, "number_not", "Must not validate the schema (not)");
    }
  }

  private Value resolve(String ref) {
    if (!ref.startsWith("#")) {
      throw BuiltinException.error("only local $ref (\"#/...\") is supported, got " + GoText.quote(ref));
    }
    Value node = root;
    for (String part : ref.substring(1).split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String key = part.replace("~1", "/").replace("~0", "~");
      node = node instanceof ObjectValue o ? o.get(key) : null;
      if (node == null) {
        throw BuiltinException.error("$ref " + GoText.quote(ref) + " does not resolve");
      }
    }
    return node;
  }

  private static boolean typeMatches(Value doc, Value type) {
    if (type instanceof ArrayValue a) {
      return a.items().stream().anyMatch(t -> typeMatches(doc, t));
    }
    String t = ((StringValue) type).value();
    return switch (t) {
      case "integer" -> doc instanceof NumberValue n && n.isInteger();
      case "number" -> doc instanceof NumberValue;
      default -> typeOf(doc).equals(t);
    };
  }

  /** gojsonschema's name for a value's type (integers are "integer"). */
  static String typeOf(Value v) {
    if (v instanceof NumberValue n) {
      return n.isInteger() ? "integer" : "number";
    }
    if (v instanceof NullValue) {
      return "null";
    }
    return v.typeName().equals("set") ? "array" : v.typeName();
  }

  private static String joinTypes(ArrayValue a) {
    List<String> names = new ArrayList<>();
    a.items().forEach(t -> names.add(((StringValue) t).value()));
    return String.join("/", names);
  }

  private static String enumText(ArrayValue options) {
    List<String> parts = new ArrayList<>();
    options.items().forEach(o -> parts.add(JsonCodec.write(o)));
    return String.join(", ", parts);
  }

  /** The field as messages name it: the dotted path without the "(root)." prefix. */
  static String displayName(String field) {
    return field.startsWith("(root).") ? field.substring(7) : field;
  }
}
