package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompileErrorTest {
  private static RegoException compileError(String... modules) {
    return assertThrows(RegoException.class, () -> RegoFixture.policy(modules));
  }

  @Test
  void parseErrorHasFileLineAndColumn() {
    RegoException e = compileError("package t\n\np if {\n  x := [1, 2\n}\n");
    assertEquals(1, e.errors().size());
    RegoError err = e.errors().get(0);
    assertEquals("rego_parse_error", err.code());
    assertEquals("test-0.rego", err.file());
    assertEquals(5, err.line());
    assertEquals(1, err.col());
    assertTrue(e.getMessage().startsWith("test-0.rego:5:1: rego_parse_error: unexpected } token"), e.getMessage());
  }

  @Test
  void missingPackageIsAParseError() {
    RegoException e = compileError("p := 1\n");
    assertEquals("test-0.rego:1:1: rego_parse_error: unexpected ident token: expected package", e.getMessage());
  }

  @Test
  void parseErrorsOfAllModulesAreReported() {
    RegoException e = compileError("package a\np := \n", "package b\nq if {\n");
    assertEquals(2, e.errors().size());
    assertEquals("test-0.rego", e.errors().get(0).file());
    assertEquals("test-1.rego", e.errors().get(1).file());
  }

  @Test
  void rulesMustStartOnANewLine() {
    RegoException e = compileError("package t\np := 1 q := 2\n");
    assertEquals("test-0.rego:2:8: rego_parse_error: unexpected ident token: expected rule on a new line",
        e.getMessage());
  }

  @Test
  void undefinedFunctionIsATypeError() {
    RegoException e = compileError("package t\np if {\n  no_such_fn(1)\n}\n");
    assertEquals("test-0.rego:3:3: rego_type_error: undefined function no_such_fn", e.getMessage());
  }

  @Test
  void wrongArityIsATypeError() {
    RegoException e = compileError("package t\np if count(1, 2, 3)\n");
    assertEquals("rego_type_error", e.code());
    assertTrue(e.getMessage().contains("count: arity mismatch"), e.getMessage());
  }

  @Test
  void unsafeVariableIsReported() {
    RegoException e = compileError("package t\np if {\n  x > 1\n}\n");
    assertEquals("test-0.rego:3:3: rego_unsafe_var_error: var x is unsafe", e.getMessage());
  }

  @Test
  void conflictingRuleKindsAndDefaults() {
    assertEquals("test-0.rego:2:1: rego_type_error: conflicting rules data.t.p found",
        compileError("package t\np := 1\np contains 2\n").getMessage());
    assertEquals("test-0.rego:2:1: rego_type_error: multiple default rules data.t.p found",
        compileError("package t\ndefault p := 1\ndefault p := 2\n").getMessage());
  }

  @Test
  void reassignmentIsACompileError() {
    assertEquals("test-0.rego:4:3: rego_compile_error: var x assigned above",
        compileError("package t\np if {\n  x := 1\n  x := 2\n}\n").getMessage());
  }

  @Test
  void userFunctionArityIsChecked() {
    RegoException e = compileError("package t\nf(x) := x\np := f(1, 2, 3)\n");
    assertEquals("test-0.rego:3:6: rego_type_error: data.t.f: arity mismatch: expected 1 arguments, got 3",
        e.getMessage());
  }

  @Test
  void recursionIsACompileError() {
    RegoException e = compileError("package t\np if q\nq if p\n");
    assertEquals("test-0.rego:2:1: rego_recursion_error: rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p",
        e.errors().get(0).toString());
  }

  @Test
  void unificationOfTwoUnboundVariablesIsUnsafe() {
    RegoException e = compileError("package t\np if {\n  x = y\n}\n");
    assertEquals("test-0.rego:3:3: rego_unsafe_var_error: var x is unsafe\n"
        + "test-0.rego:3:3: rego_unsafe_var_error: var y is unsafe", e.getMessage());
  }

  @Test
  void queryErrorsArePositionedToo() {
    RegoPolicy p = RegoFixture.policy("package t\np := 1\n");
    RegoException e = assertThrows(RegoException.class, () -> p.query("data.t.p = ", null, EvalOptions.DEFAULT));
    assertEquals("rego_parse_error", e.code());
    assertEquals(List.of(1), List.of(e.errors().get(0).line()));
  }
}
