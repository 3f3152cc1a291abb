package com.aibang.egress.rego;

/** A rule of a compiled policy: fully qualified name ("data.pkg.rule"), source file and line. */
public record RuleInfo(String name, String file, int line) {}
