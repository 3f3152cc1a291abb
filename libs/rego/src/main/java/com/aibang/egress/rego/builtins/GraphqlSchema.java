package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A merged GraphQL schema: types (definitions plus extensions plus the built-in prelude), directives and root types. */
final class GraphqlSchema {
  private static final String PRELUDE = """
      scalar Int
      scalar Float
      scalar String
      scalar Boolean
      scalar ID
      directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
      directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
      directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
      directive @specifiedBy(url: String!) on SCALAR
      directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
      directive @oneOf on INPUT_OBJECT
      """;

  /** A type with its parts gathered from the definition and every extension. */
  static final class Type {
    final String name;
    final String kind;
    final List<ObjectValue> fields = new ArrayList<>();
    final List<String> interfaces = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    final List<ObjectValue> enumValues = new ArrayList<>();
    final List<ObjectValue> directives = new ArrayList<>();
    final ObjectValue node;

    Type(String name, String kind, ObjectValue node) {
      this.name = name;
      this.kind = kind;
      this.node = node;
    }

    ObjectValue field(String fieldName) {
      for (ObjectValue f : fields) {
        if (text(f, "Name").equals(fieldName)) {
          return f;
        }
      }
      return null;
    }

    void absorb(ObjectValue def) {
      fields.addAll(objects(def.get("Fields")));
      directives.addAll(objects(def.get("Directives")));
      enumValues.addAll(objects(def.get("EnumValues")));
      strings(def.get("Interfaces"), interfaces);
      strings(def.get("Types"), members);
    }
  }

  final Map<String, Type> types = new LinkedHashMap<>();
  final Map<String, ObjectValue> directives = new LinkedHashMap<>();
  final Map<String, String> roots = new LinkedHashMap<>();

  static String text(ObjectValue o, String key) {
    return o != null && o.get(key) instanceof StringValue s ? s.value() : "";
  }

  static List<ObjectValue> objects(Value v) {
    List<ObjectValue> out = new ArrayList<>();
    if (v instanceof ArrayValue a) {
      for (Value x : a.items()) {
        if (x instanceof ObjectValue o) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static void strings(Value v, List<String> into) {
    if (v instanceof ArrayValue a) {
      for (Value x : a.items()) {
        if (x instanceof StringValue s) {
          into.add(s.value());
        }
      }
    }
  }

  /** The named type of a type reference, looking through list wrappers. */
  static String namedType(ObjectValue typeRef) {
    ObjectValue t = typeRef;
    while (t != null && t.get("Elem") instanceof ObjectValue elem) {
      t = elem;
    }
    return text(t, "NamedType");
  }

  /** A type reference as GraphQL writes it: [String!]! */
  static String typeText(ObjectValue t) {
    String base = t.get("Elem") instanceof ObjectValue elem ? "[" + typeText(elem) + "]" : text(t, "NamedType");
    return base + (t.get("NonNull") instanceof com.aibang.egress.rego.value.BooleanValue b && b.value() ? "!" : "");
  }

  /** Builds the model; structural conflicts (redeclared types, kind mismatches) fail here. */
  static GraphqlSchema build(ObjectValue doc, java.util.function.BiFunction<ObjectValue, String, BuiltinException> error) {
    GraphqlSchema s = new GraphqlSchema();
    ObjectValue prelude = GraphqlSchemaParser.parseSchema(PRELUDE, null);
    for (ObjectValue def : objects(prelude.get("Definitions"))) {
      s.add(def, error);
    }
    for (ObjectValue d : objects(prelude.get("Directives"))) {
      s.directives.put(text(d, "Name"), d);
    }
    for (ObjectValue def : objects(doc.get("Definitions"))) {
      s.add(def, error);
    }
    for (ObjectValue d : objects(doc.get("Directives"))) {
      s.directives.put(text(d, "Name"), d);
    }
    for (ObjectValue ext : objects(doc.get("Extensions"))) {
      String name = text(ext, "Name");
      Type t = s.types.computeIfAbsent(name, n -> new Type(n, text(ext, "Kind"), ext));
      if (!t.kind.equals(text(ext, "Kind"))) {
        throw error.apply(ext, "Cannot extend type " + name + " because the base type is a " + t.kind + ", not " + text(ext, "Kind") + ".");
      }
      t.absorb(ext);
    }
    for (String op : List.of("query", "mutation", "subscription")) {
      String defaultRoot = Character.toUpperCase(op.charAt(0)) + op.substring(1);
      if (s.types.containsKey(defaultRoot)) {
        s.roots.put(op, defaultRoot);
      }
    }
    List<ObjectValue> schemaParts = new ArrayList<>(objects(doc.get("Schema")));
    schemaParts.addAll(objects(doc.get("SchemaExtension")));
    for (ObjectValue part : schemaParts) {
      for (ObjectValue ot : objects(part.get("OperationTypes"))) {
        s.roots.put(text(ot, "Operation"), text(ot, "Type"));
      }
    }
    return s;
  }

  private void add(ObjectValue def, java.util.function.BiFunction<ObjectValue, String, BuiltinException> error) {
    String name = text(def, "Name");
    if (types.containsKey(name)) {
      throw error.apply(def, "Cannot redeclare type " + name + ".");
    }
    Type t = new Type(name, text(def, "Kind"), def);
    t.absorb(def);
    types.put(name, t);
  }
}
