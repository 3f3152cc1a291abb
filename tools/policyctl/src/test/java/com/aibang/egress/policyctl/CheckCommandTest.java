package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir
  Path dir;

  @Test
  void goodPoliciesPass() throws IOException {
    CliRun r = CliRun.of("check", PolicyFixtures.good(dir).toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("ok: 2 module(s), 1 data file(s)"), r.toString());
    assertEquals("", r.err());
  }

  @Test
  void everyParseErrorIsReportedWithFileLineAndColumn() throws IOException {
    Path a = PolicyFixtures.write(dir, "a.rego", "package a\n\np if {\n\tinput.x ==\n}\n");
    Path b = PolicyFixtures.write(dir, "sub/b.rego", "package b\n\nq := [1, 2\n");
    CliRun r = CliRun.of("check", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains(a + ":5:1: rego_parse_error: "), r.toString());
    assertTrue(r.err().matches("(?s).*" + java.util.regex.Pattern.quote(b.toString()) + ":\\d+:\\d+: rego_parse_error: .*"),
        r.toString());
    assertTrue(r.err().contains("2 errors"), r.toString());
  }

  @Test
  void compileErrorsArePositioned() throws IOException {
    Path f = PolicyFixtures.write(dir, "c.rego", """
        package c

        p if {
        	x > 1
        }

        q := no_such_function(1)
        """);
    CliRun r = CliRun.of("check", f.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains(f + ":4:"), "unsafe x on line 4: " + r);
    assertTrue(r.err().contains("rego_unsafe_var_error"), r.toString());
    assertTrue(r.err().contains(f + ":7:"), "undefined function on line 7: " + r);
  }

  @Test
  void repositoryPoliciesCheckClean() {
    CliRun r = CliRun.of("check", PolicyFixtures.repositoryPolicies().toString());
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void invalidDataFilesNameTheFile() throws IOException {
    PolicyFixtures.good(dir);
    PolicyFixtures.write(dir, "data.json", "{\"admins\": [\"ann\"");
    CliRun r = CliRun.of("check", dir.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("data.json"), r.toString());
  }
}
