package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.GraphqlSchema.namedType;
import static com.aibang.egress.rego.builtins.GraphqlSchema.objects;
import static com.aibang.egress.rego.builtins.GraphqlSchema.text;

import com.aibang.egress.rego.builtins.GraphqlParser.GraphqlError;
import com.aibang.egress.rego.builtins.GraphqlSchema.Type;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** gqlparser's schema rules: defined types and directives, kinds per position, interfaces, unions, enums, inputs, roots. */
final class GraphqlSchemaValidator {
  private static final Set<String> OUTPUT_KINDS = Set.of("SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM");
  private static final Set<String> INPUT_KINDS = Set.of("SCALAR", "ENUM", "INPUT_OBJECT");

  private final GraphqlSchema schema;
  private final Map<Value, int[]> positions;

  private GraphqlSchemaValidator(GraphqlSchema schema, Map<Value, int[]> positions) {
    this.schema = schema;
    this.positions = positions;
  }

  /** Validates a schema document and returns its merged model; failures are builtin errors with positions. */
  static GraphqlSchema validate(ObjectValue doc, Map<Value, int[]> positions) {
    GraphqlSchema model = GraphqlSchema.build(doc, (node, msg) -> error(positions, node, msg));
    GraphqlSchemaValidator v = new GraphqlSchemaValidator(model, positions);
    for (Type t : model.types.values()) {
      v.type(t);
    }
    for (ObjectValue d : objects(doc.get("Directives"))) {
      for (ObjectValue arg : objects(d.get("Arguments"))) {
        v.typeRef(arg, INPUT_KINDS, "argument");
      }
    }
    for (Map.Entry<String, String> root : model.roots.entrySet()) {
      if (!model.types.containsKey(root.getValue())) {
        throw error(positions, doc, "Schema root " + root.getKey() + " refers to a type " + root.getValue() + " that does not exist.");
      }
    }
    for (ObjectValue part : objects(doc.get("Schema"))) {
      v.directives(part.get("Directives"), "SCHEMA");
    }
    for (ObjectValue part : objects(doc.get("SchemaExtension"))) {
      v.directives(part.get("Directives"), "SCHEMA");
    }
    return model;
  }

  static BuiltinException error(Map<Value, int[]> positions, ObjectValue node, String message) {
    int[] at = positions == null ? null : positions.get(node);
    return BuiltinException.error(new GraphqlError(message, at == null ? 0 : at[0], at == null ? 0 : at[1]).render());
  }

  private BuiltinException error(ObjectValue node, String message) { return error(positions, node, message); }

  private void type(Type t) {
    if (t.name.startsWith("__")) {
      throw error(t.node, "Name \"" + t.name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
    switch (t.kind) {
      case "OBJECT", "INTERFACE" -> {
        if (t.fields.isEmpty()) {
          throw error(t.node, t.kind + " " + t.name + ": must define one or more fields.");
        }
        implementations(t);
      }
      case "UNION" -> {
        if (t.members.isEmpty()) {
          throw error(t.node, "UNION " + t.name + ": must define one or more member types.");
        }
        for (String m : t.members) {
          Type member = schema.types.get(m);
          if (member == null) {
            throw error(t.node, "Undefined type " + m + ".");
          }
          if (!member.kind.equals("OBJECT")) {
            throw error(t.node, "UNION " + t.name + ": member type must be an OBJECT.");
          }
        }
      }
      case "ENUM" -> {
        if (t.enumValues.isEmpty()) {
          throw error(t.node, "ENUM " + t.name + ": must define one or more unique enum values.");
        }
        for (ObjectValue ev : t.enumValues) {
          directives(ev.get("Directives"), "ENUM_VALUE");
        }
      }
      case "INPUT_OBJECT" -> {
        if (t.fields.isEmpty()) {
          throw error(t.node, "INPUT_OBJECT " + t.name + ": must define one or more input fields.");
        }
      }
      default -> { }
    }
    Set<String> seen = new HashSet<>();
    for (ObjectValue f : t.fields) {
      if (!seen.add(text(f, "Name"))) {
        throw error(f, "Field " + t.name + "." + text(f, "Name") + " can only be defined once.");
      }
      boolean input = t.kind.equals("INPUT_OBJECT");
      typeRef(f, input ? INPUT_KINDS : OUTPUT_KINDS, "field");
      directives(f.get("Directives"), input ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION");
      for (ObjectValue arg : objects(f.get("Arguments"))) {
        typeRef(arg, INPUT_KINDS, "argument");
        directives(arg.get("Directives"), "ARGUMENT_DEFINITION");
      }
    }
    directives(t.directives, t.kind);
  }

  private void typeRef(ObjectValue owner, Set<String> allowed, String what) {
    String named = owner.get("Type") instanceof ObjectValue t ? namedType(t) : "";
    Type target = schema.types.get(named);
    if (target == null) {
      throw error(owner, "Undefined type " + named + ".");
    }
    if (!allowed.contains(target.kind)) {
      throw error(owner, "The type of " + text(owner, "Name") + " " + what + " must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ".");
    }
  }

  private void implementations(Type t) {
    for (String iname : t.interfaces) {
      Type iface = schema.types.get(iname);
      if (iface == null) {
        throw error(t.node, "Undefined type " + iname + ".");
      }
      if (!iface.kind.equals("INTERFACE")) {
        throw error(t.node, t.kind + " " + t.name + ": " + iname + " is a non interface type " + iface.kind + ".");
      }
      for (ObjectValue f : iface.fields) {
        if (t.field(text(f, "Name")) == null) {
          throw error(t.node, "For " + t.name + " to implement " + iname + " it must have a field called " + text(f, "Name") + ".");
        }
      }
      for (String inherited : iface.interfaces) {
        if (!t.interfaces.contains(inherited)) {
          throw error(t.node, t.kind + " " + t.name + " must implement " + inherited + " because it is implemented by " + iname + ".");
        }
      }
    }
  }

  private void directives(Value list, String location) {
    directives(objects(list), location);
  }

  private void directives(List<ObjectValue> uses, String location) {
    for (ObjectValue use : uses) {
      String name = text(use, "Name");
      ObjectValue def = schema.directives.get(name);
      if (def == null) {
        throw error(use, "Undefined directive " + name + ".");
      }
      boolean allowed = def.get("Locations") instanceof com.aibang.egress.rego.value.ArrayValue locs
          && locs.items().contains(StringValue.of(location));
      if (!allowed) {
        throw error(use, "Directive " + name + " is not applicable on " + location + ".");
      }
    }
  }
}
