package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.GraphqlSchema.namedType;
import static com.aibang.egress.rego.builtins.GraphqlSchema.objects;
import static com.aibang.egress.rego.builtins.GraphqlSchema.text;

import com.aibang.egress.rego.builtins.GraphqlSchema.Type;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The query rules of gqlparser's validator that policies rely on: operations against existing
 * roots, fields and arguments that exist, required arguments present, leaf/composite selections,
 * known types, fragments and directives, and variables that are defined and used.
 */
final class GraphqlQueryValidator {
  private static final Set<String> COMPOSITE = Set.of("OBJECT", "INTERFACE", "UNION");

  private final GraphqlSchema schema;
  private final Map<Value, int[]> positions;
  private final Map<String, ObjectValue> fragments = new HashMap<>();
  private final Set<String> usedFragments = new HashSet<>();

  private GraphqlQueryValidator(GraphqlSchema schema, Map<Value, int[]> positions) {
    this.schema = schema;
    this.positions = positions;
  }

  static void validate(ObjectValue doc, GraphqlSchema schema, Map<Value, int[]> positions) {
    GraphqlQueryValidator v = new GraphqlQueryValidator(schema, positions);
    for (ObjectValue f : objects(doc.get("Fragments"))) {
      if (v.fragments.put(text(f, "Name"), f) != null) {
        throw v.error(f, "There can be only one fragment named \"" + text(f, "Name") + "\".");
      }
    }
    Set<String> operationNames = new HashSet<>();
    var operations = objects(doc.get("Operations"));
    for (ObjectValue op : operations) {
      String name = text(op, "Name");
      if (name.isEmpty() && operations.size() > 1) {
        throw v.error(op, "This anonymous operation must be the only defined operation.");
      }
      if (!name.isEmpty() && !operationNames.add(name)) {
        throw v.error(op, "There can be only one operation named \"" + name + "\".");
      }
      v.operation(op);
    }
    for (ObjectValue f : v.fragments.values()) {
      if (!v.usedFragments.contains(text(f, "Name"))) {
        throw v.error(f, "Fragment \"" + text(f, "Name") + "\" is never used.");
      }
    }
  }

  private BuiltinException error(ObjectValue node, String message) {
    return GraphqlSchemaValidator.error(positions, node, message);
  }

  private void operation(ObjectValue op) {
    String kind = text(op, "Operation");
    String rootName = schema.roots.get(kind);
    if (rootName == null) {
      throw error(op, "Schema does not support operation type \"" + kind + "\"");
    }
    Map<String, ObjectValue> defined = new HashMap<>();
    for (ObjectValue vd : objects(op.get("VariableDefinitions"))) {
      String var = text(vd, "Variable");
      if (defined.put(var, vd) != null) {
        throw error(vd, "There can be only one variable named \"$" + var + "\".");
      }
      String typeName = namedType((ObjectValue) vd.get("Type"));
      Type t = schema.types.get(typeName);
      if (t == null) {
        throw error(vd, "Unknown type \"" + typeName + "\".");
      }
      if (COMPOSITE.contains(t.kind)) {
        throw error(vd, "Variable \"$" + var + "\" cannot be non-input type \"" + GraphqlSchema.typeText((ObjectValue) vd.get("Type")) + "\".");
      }
    }
    directives(op.get("Directives"), kind.toUpperCase(java.util.Locale.ROOT), new LinkedHashSet<>());
    Set<String> used = new LinkedHashSet<>();
    selections(op.get("SelectionSet"), schema.types.get(rootName), used, new HashSet<>());
    for (String var : used) {
      if (!defined.containsKey(var)) {
        String opName = text(op, "Name");
        throw error(op, "Variable \"$" + var + "\" is not defined" + (opName.isEmpty() ? "." : " by operation \"" + opName + "\"."));
      }
    }
    for (Map.Entry<String, ObjectValue> e : defined.entrySet()) {
      if (!used.contains(e.getKey())) {
        throw error(e.getValue(), "Variable \"$" + e.getKey() + "\" is never used.");
      }
    }
  }

  private void selections(Value set, Type parent, Set<String> vars, Set<String> visiting) {
    for (ObjectValue sel : objects(set)) {
      if (sel.get("Alias") != null) {
        field(sel, parent, vars, visiting);
      } else if (sel.get("TypeCondition") != null) {
        String cond = text(sel, "TypeCondition");
        Type t = cond.isEmpty() ? parent : schema.types.get(cond);
        if (t == null) {
          throw error(sel, "Unknown type \"" + cond + "\".");
        }
        directives(sel.get("Directives"), "INLINE_FRAGMENT", vars);
        selections(sel.get("SelectionSet"), t, vars, visiting);
      } else {
        String name = text(sel, "Name");
        ObjectValue fragment = fragments.get(name);
        if (fragment == null) {
          throw error(sel, "Unknown fragment \"" + name + "\".");
        }
        usedFragments.add(name);
        directives(sel.get("Directives"), "FRAGMENT_SPREAD", vars);
        if (visiting.add(name)) {
          Type t = schema.types.get(text(fragment, "TypeCondition"));
          if (t == null) {
            throw error(fragment, "Unknown type \"" + text(fragment, "TypeCondition") + "\".");
          }
          directives(fragment.get("Directives"), "FRAGMENT_DEFINITION", vars);
          selections(fragment.get("SelectionSet"), t, vars, visiting);
          visiting.remove(name);
        }
      }
    }
  }

  private void field(ObjectValue sel, Type parent, Set<String> vars, Set<String> visiting) {
    String name = text(sel, "Name");
    directives(sel.get("Directives"), "FIELD", vars);
    if (name.equals("__typename") || name.equals("__schema") || name.equals("__type")) {
      for (ObjectValue arg : objects(sel.get("Arguments"))) {
        collectVariables(arg.get("Value"), vars);
      }
      return;
    }
    ObjectValue def = parent.kind.equals("UNION") ? null : parent.field(name);
    if (def == null) {
      throw error(sel, "Cannot query field \"" + name + "\" on type \"" + parent.name + "\".");
    }
    Map<String, ObjectValue> argDefs = new HashMap<>();
    objects(def.get("Arguments")).forEach(a -> argDefs.put(text(a, "Name"), a));
    Set<String> given = new HashSet<>();
    for (ObjectValue arg : objects(sel.get("Arguments"))) {
      String argName = text(arg, "Name");
      if (!argDefs.containsKey(argName)) {
        throw error(arg, "Unknown argument \"" + argName + "\" on field \"" + parent.name + "." + name + "\".");
      }
      given.add(argName);
      collectVariables(arg.get("Value"), vars);
    }
    for (ObjectValue argDef : argDefs.values()) {
      ObjectValue type = (ObjectValue) argDef.get("Type");
      boolean required = type.get("NonNull") instanceof BooleanValue b && b.value() && argDef.get("DefaultValue") == null;
      if (required && !given.contains(text(argDef, "Name"))) {
        throw error(sel, "Field \"" + name + "\" argument \"" + text(argDef, "Name") + "\" of type \""
            + GraphqlSchema.typeText(type) + "\" is required, but it was not provided");
      }
    }
    String typeName = namedType((ObjectValue) def.get("Type"));
    Type fieldType = schema.types.get(typeName);
    boolean hasSelection = sel.get("SelectionSet") instanceof ArrayValue a && a.size() > 0;
    if (fieldType != null && COMPOSITE.contains(fieldType.kind) && !hasSelection) {
      throw error(sel, "Field \"" + name + "\" of type \"" + GraphqlSchema.typeText((ObjectValue) def.get("Type"))
          + "\" must have a selection of subfields. Did you mean \"" + name + " { ... }\"?");
    }
    if (fieldType != null && !COMPOSITE.contains(fieldType.kind) && hasSelection) {
      throw error(sel, "Field \"" + name + "\" must not have a selection since type \"" + typeName + "\" has no subfields.");
    }
    if (hasSelection && fieldType != null) {
      selections(sel.get("SelectionSet"), fieldType, vars, visiting);
    }
  }

  private void directives(Value list, String location, Set<String> vars) {
    for (ObjectValue use : objects(list)) {
      String name = text(use, "Name");
      ObjectValue def = schema.directives.get(name);
      if (def == null) {
        throw error(use, "Unknown directive \"@" + name + "\".");
      }
      if (!(def.get("Locations") instanceof ArrayValue locs && locs.items().contains(StringValue.of(location)))) {
        throw error(use, "Directive \"@" + name + "\" may not be used on " + location + ".");
      }
      for (ObjectValue arg : objects(use.get("Arguments"))) {
        collectVariables(arg.get("Value"), vars);
      }
    }
  }

  private static void collectVariables(Value value, Set<String> vars) {
    if (!(value instanceof ObjectValue v)) {
      return;
    }
    if (v.get("Kind") instanceof NumberValue k && k.intValue().orElse(-1) == GraphqlParser.VARIABLE) {
      vars.add(text(v, "Raw"));
    }
    for (ObjectValue child : objects(v.get("Children"))) {
      collectVariables(child.get("Value"), vars);
    }
  }
}
