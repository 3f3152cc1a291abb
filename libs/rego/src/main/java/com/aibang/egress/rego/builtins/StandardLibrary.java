package com.aibang.egress.rego.builtins;

/** Assembles the standard registry: one line per builtin family (add new families here). */
final class StandardLibrary {
  private StandardLibrary() {}

  static BuiltinRegistry create() {
    BuiltinRegistry r = new BuiltinRegistry();
    OperatorBuiltins.register(r);
    AggregateBuiltins.register(r);
    StringBuiltins.register(r);
    TypeBuiltins.register(r);
    CollectionBuiltins.register(r);
    NetBuiltins.register(r);
    GlobBuiltins.register(r);
    JsonBuiltins.register(r);
    SprintfBuiltin.register(r);
    RuntimeBuiltins.register(r);
    // print is variadic (arity -1); the evaluator implements it, this entry only declares the name
    r.register("print", -1, a -> com.aibang.egress.rego.value.BooleanValue.TRUE);
    r.markNondeterministic("print");
    RegexBuiltins.register(r);
    NetCidrBuiltins.register(r);
    EncodingBuiltins.register(r);
    UriBuiltins.register(r);
    ArrayBuiltins.register(r);
    ObjectBuiltins.register(r);
    JsonPathBuiltins.register(r);
    StringMatchBuiltins.register(r);
    NumbersBuiltins.register(r);
    BitsBuiltins.register(r);
    SemverBuiltins.register(r);
    UnitsBuiltins.register(r);
    TimeBuiltins.register(r);
    YamlBuiltins.register(r);
    WalkBuiltins.register(r);
    CryptoHashBuiltins.register(r);
    GraphBuiltins.register(r);
    UuidBuiltins.register(r);
    JwtBuiltins.register(r);
    JwtDecodeVerifyBuiltins.register(r);
    JwtEncodeBuiltins.register(r);
    X509Builtins.register(r);
    NetLookupBuiltins.register(r);
    AwsSigningBuiltins.register(r);
    RenderTemplateBuiltins.register(r);
    JsonSchemaBuiltins.register(r);
    RandBuiltins.register(r);
    GraphqlBuiltins.register(r);
    return r;
  }
}
