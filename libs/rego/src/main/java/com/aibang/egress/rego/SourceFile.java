package com.aibang.egress.rego;

/** One policy source file. */
public record SourceFile(String name, String content) {}
