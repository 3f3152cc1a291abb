package com.aibang.egress.policyctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small policy trees written into a test's temp directory. */
final class PolicyFixtures {
  static final String POLICY = """
      package demo

      import rego.v1

      default allow := false

      allow if input.user in data.admins

      greeting := sprintf("hello %v", [input.user])
      """;

  static final String TESTS = """
      package demo_test

      import rego.v1

      import data.demo

      test_admin_allowed if demo.allow with input as {"user": "ann"}

      test_guest_denied if not demo.allow with input as {"user": "bob"}
      """;

  static final String FAILING_TEST = """
      package demo_more_test

      import rego.v1

      import data.demo

      test_guest_allowed if {
      	demo.allow with input as {"user": "bob"}
      }
      """;

  static final String DATA = "{\"admins\": [\"ann\"]}\n";

  private PolicyFixtures() {}

  /** dir/demo.rego, dir/demo_test.rego and dir/data.json (admins at the data root). */
  static Path good(Path dir) throws IOException {
    Files.writeString(dir.resolve("demo.rego"), POLICY);
    Files.writeString(dir.resolve("demo_test.rego"), TESTS);
    Files.writeString(dir.resolve("data.json"), DATA);
    return dir;
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  /** The repository's policies/ directory (tests run in tools/policyctl). */
  static Path repositoryPolicies() { return Path.of("../../policies"); }
}
