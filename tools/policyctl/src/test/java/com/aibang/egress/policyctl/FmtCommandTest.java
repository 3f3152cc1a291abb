package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmtCommandTest {
  private static final String MESSY = "package demo\nimport rego.v1\n# who may\nallow {input.user==\"ann\";"
      + "count(input.roles)>0} # inline\nroles contains r if { some r in input.roles }\n";
  private static final String FORMATTED = """
      package demo

      import rego.v1

      # who may
      allow if {
      	input.user == "ann"
      	count(input.roles) > 0
      } # inline

      roles contains r if {
      	some r in input.roles
      }
      """;

  @TempDir
  Path dir;

  @Test
  void printsTheFormattedSource() throws IOException {
    Path f = PolicyFixtures.write(dir, "demo.rego", MESSY);
    CliRun r = CliRun.of("fmt", f.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(FORMATTED, r.out());
    assertEquals(MESSY, Files.readString(f), "without -w nothing is written");
  }

  @Test
  void listDiffAndWrite() throws IOException {
    Path f = PolicyFixtures.write(dir, "demo.rego", MESSY);
    PolicyFixtures.write(dir, "ok.rego", FORMATTED.replace("package demo", "package ok"));
    CliRun list = CliRun.of("fmt", "-l", dir.toString());
    assertEquals(0, list.code(), list.toString());
    assertEquals(f + "\n", list.out());
    assertEquals(1, CliRun.of("fmt", "-l", "--fail", dir.toString()).code());
    CliRun diff = CliRun.of("fmt", "--diff", f.toString());
    assertTrue(diff.out().startsWith("--- " + f + "\n+++ " + f + " (formatted)\n@@ -1,"), diff.toString());
    assertTrue(diff.out().contains("\n-allow {input.user==\"ann\";"), diff.toString());
    assertTrue(diff.out().contains("\n+allow if {\n"), diff.toString());
    CliRun write = CliRun.of("fmt", "-w", dir.toString());
    assertEquals(0, write.code(), write.toString());
    assertEquals(FORMATTED, Files.readString(f));
    CliRun again = CliRun.of("fmt", "-l", "--fail", dir.toString());
    assertEquals(0, again.code(), again.toString());
    assertEquals("", again.out());
  }

  @Test
  void aBrokenFileGetsAPositionedErrorAndIsNotTouched() throws IOException {
    String broken = "package broken\n\nallow if {\n\tinput.x ==\n}\n";
    Path f = PolicyFixtures.write(dir, "broken.rego", broken);
    CliRun r = CliRun.of("fmt", "-w", f.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains(f + ":5:1: rego_parse_error: "), r.toString());
    assertEquals(broken, Files.readString(f));
  }

  @Test
  void repositoryPoliciesFormatIdempotently() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(PolicyFixtures.repositoryPolicies())) {
      files = s.filter(p -> p.toString().endsWith(".rego")).sorted().toList();
    }
    assertTrue(files.size() >= 2, files.toString());
    for (Path src : files) {
      Path copy = dir.resolve(src.getFileName());
      Files.copy(src, copy);
      CliRun first = CliRun.of("fmt", "-w", copy.toString());
      assertEquals(0, first.code(), first.toString());
      String once = Files.readString(copy);
      CliRun second = CliRun.of("fmt", "-l", "--fail", copy.toString());
      assertEquals(0, second.code(), "formatting " + src + " twice changes it: " + second);
      assertEquals(once, Files.readString(copy));
    }
  }

  @Test
  void usageErrors() {
    assertEquals(2, CliRun.of("fmt").code());
    assertEquals(2, CliRun.of("fmt", "--nope", dir.toString()).code());
    assertEquals(1, CliRun.of("fmt", dir.resolve("missing").toString()).code());
  }
}
