package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GraphqlLexer.Kind;
import com.aibang.egress.rego.builtins.GraphqlLexer.Token;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses the GraphQL type-system language (SDL) into OPA's JSON shape of gqlparser's SchemaDocument. */
final class GraphqlSchemaParser extends GraphqlParser {
  private static final Set<String> LOCATIONS = Set.of("QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
      "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
      "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION");

  private final List<Value> schema = new ArrayList<>();
  private final List<Value> schemaExtension = new ArrayList<>();
  private final List<Value> directiveDefinitions = new ArrayList<>();
  private final List<Value> definitions = new ArrayList<>();
  private final List<Value> extensions = new ArrayList<>();

  private GraphqlSchemaParser(String source) { super(source); }

  static ObjectValue parseSchema(String source, Map<Value, int[]> positionsOut) {
    GraphqlSchemaParser p = new GraphqlSchemaParser(source);
    ObjectValue doc = p.document();
    if (positionsOut != null) {
      positionsOut.putAll(p.positions);
    }
    return doc;
  }

  private ObjectValue document() {
    while (peek().kind() != Kind.EOF) {
      String description = description();
      Token t = peek();
      if (t.kind() != Kind.NAME) {
        throw unexpected(t);
      }
      switch (t.value()) {
        case "scalar", "type", "interface", "union", "enum", "input" -> definitions.add(typeDefinition(description, false));
        case "schema" -> schema.add(schemaDefinition(description));
        case "directive" -> directiveDefinitions.add(directiveDefinition(description));
        case "extend" -> {
          if (!description.isEmpty()) {
            throw unexpected(previous());
          }
          extension();
        }
        default -> throw unexpected(t);
      }
    }
    return node(null, "Schema", schema, "SchemaExtension", schemaExtension, "Directives", directiveDefinitions,
        "Definitions", definitions, "Extensions", extensions);
  }

  private String description() {
    if (peek().kind() == Kind.STRING || peek().kind() == Kind.BLOCK_STRING) {
      return next().value();
    }
    return "";
  }

  /** A type definition (or, when extending, the same shape with at least one part required). */
  private Value typeDefinition(String description, boolean extending) {
    Token start = peek();
    String keyword = next().value();
    String typeName = name();
    switch (keyword) {
      case "scalar": {
        List<Value> directives = directives(true);
        requireSomething(extending, directives);
        return definition(start, "SCALAR", description, typeName, directives, List.of(), List.of(), List.of(), List.of());
      }
      case "type":
      case "interface": {
        List<Value> interfaces = implementsInterfaces();
        List<Value> directives = directives(true);
        List<Value> fields = some("{", "}", this::fieldDefinition);
        requireSomething(extending, interfaces, directives, fields);
        return definition(start, keyword.equals("type") ? "OBJECT" : "INTERFACE", description, typeName, directives, interfaces,
            fields, List.of(), List.of());
      }
      case "union": {
        List<Value> directives = directives(true);
        List<Value> types = unionMembers();
        requireSomething(extending, directives, types);
        return definition(start, "UNION", description, typeName, directives, List.of(), List.of(), types, List.of());
      }
      case "enum": {
        List<Value> directives = directives(true);
        List<Value> values = some("{", "}", () -> {
          Token at = peek();
          String valueDescription = description();
          String valueName = name();
          return node(at, "Description", valueDescription, "Name", valueName, "Directives", directives(true));
        });
        requireSomething(extending, directives, values);
        return definition(start, "ENUM", description, typeName, directives, List.of(), List.of(), List.of(), values);
      }
      default: {
        List<Value> directives = directives(true);
        List<Value> fields = some("{", "}", this::inputValueDefinition);
        requireSomething(extending, directives, fields);
        return definition(start, "INPUT_OBJECT", description, typeName, directives, List.of(), fields, List.of(), List.of());
      }
    }
  }

  @SafeVarargs
  private void requireSomething(boolean extending, List<Value>... parts) {
    if (!extending) {
      return;
    }
    for (List<Value> part : parts) {
      if (!part.isEmpty()) {
        return;
      }
    }
    throw unexpected(peek());
  }

  private Value definition(Token at, String kind, String description, String typeName, List<Value> directives,
                           List<Value> interfaces, List<Value> fields, List<Value> types, List<Value> enumValues) {
    return node(at, "Kind", kind, "Description", description, "Name", typeName, "Directives", directives,
        "Interfaces", interfaces, "Fields", fields, "Types", types, "EnumValues", enumValues, "BuiltIn", false);
  }

  private List<Value> implementsInterfaces() {
    List<Value> out = new ArrayList<>();
    if (peek().isName("implements")) {
      next();
      skip("&");
      out.add(StringValue.of(name()));
      while (skip("&")) {
        out.add(StringValue.of(name()));
      }
    }
    return out;
  }

  private List<Value> unionMembers() {
    List<Value> out = new ArrayList<>();
    if (skip("=")) {
      skip("|");
      out.add(StringValue.of(name()));
      while (skip("|")) {
        out.add(StringValue.of(name()));
      }
    }
    return out;
  }

  private Value fieldDefinition() {
    Token start = peek();
    String fieldDescription = description();
    String fieldName = name();
    List<Value> args = many("(", ")", this::inputValueDefinition);
    expect(":");
    Value type = typeReference();
    return node(start, "Description", fieldDescription, "Name", fieldName, "Arguments", args, "Type", type,
        "Directives", directives(true));
  }

  private Value inputValueDefinition() {
    Token start = peek();
    String argDescription = description();
    String argName = name();
    expect(":");
    Value type = typeReference();
    Value defaultValue = skip("=") ? value(true) : null;
    return node(start, "Description", argDescription, "Name", argName, "DefaultValue", defaultValue, "Type", type,
        "Directives", directives(true));
  }

  private Value schemaDefinition(String description) {
    Token start = peek();
    expectKeyword("schema");
    List<Value> directives = directives(true);
    List<Value> operationTypes = some("{", "}", this::operationTypeDefinition);
    return node(start, "Description", description, "Directives", directives, "OperationTypes", operationTypes);
  }

  private Value operationTypeDefinition() {
    Token start = peek();
    String operation = operationType();
    expect(":");
    return node(start, "Operation", operation, "Type", name());
  }

  private Value directiveDefinition(String description) {
    Token start = peek();
    expectKeyword("directive");
    expect("@");
    String directive = name();
    List<Value> args = many("(", ")", this::inputValueDefinition);
    boolean repeatable = false;
    if (peek().isName("repeatable")) {
      next();
      repeatable = true;
    }
    expectKeyword("on");
    List<Value> locations = new ArrayList<>();
    skip("|");
    locations.add(location());
    while (skip("|")) {
      locations.add(location());
    }
    return node(start, "Description", description, "Name", directive, "Arguments", args, "Locations", locations,
        "IsRepeatable", repeatable);
  }

  private Value location() {
    Token t = peek();
    String loc = name();
    if (!LOCATIONS.contains(loc)) {
      throw unexpected(t);
    }
    return StringValue.of(loc);
  }

  private void extension() {
    expectKeyword("extend");
    Token t = peek();
    if (t.isName("schema")) {
      Token start = next();
      List<Value> directives = directives(true);
      List<Value> operationTypes = some("{", "}", this::operationTypeDefinition);
      if (directives.isEmpty() && operationTypes.isEmpty()) {
        throw unexpected(peek());
      }
      schemaExtension.add(node(start, "Description", "", "Directives", directives, "OperationTypes", operationTypes));
      return;
    }
    if (t.kind() == Kind.NAME && Set.of("scalar", "type", "interface", "union", "enum", "input").contains(t.value())) {
      extensions.add(typeDefinition("", true));
      return;
    }
    throw unexpected(t);
  }
}
