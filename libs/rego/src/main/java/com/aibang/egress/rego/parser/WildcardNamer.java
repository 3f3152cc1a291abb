package com.aibang.egress.rego.parser;

/** Gives each `_` a unique variable name ($_0, $_1, ...) so wildcards never unify with each other. */
final class WildcardNamer {
  private int counter;

  String next() { return "$_" + counter++; }
}
