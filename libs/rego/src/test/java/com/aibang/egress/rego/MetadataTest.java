package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** METADATA comment blocks and rego.metadata.rule() / chain(). */
class MetadataTest {
  private static final String MODULE = """
      # METADATA
      # title: Egress
      package t

      # METADATA
      # title: Allow rule
      # authors:
      # - Jane Doe <jane@example.com>
      allow := rego.metadata.rule()

      chain := rego.metadata.chain()
      """;

  @Test
  void ruleAnnotations() {
    assertEquals("{\"authors\":[{\"email\":\"jane@example.com\",\"name\":\"Jane Doe\"}],\"scope\":\"rule\","
        + "\"title\":\"Allow rule\"}", RegoFixture.eval(MODULE, "data.t.allow"));
  }

  @Test
  void chainGoesFromRuleToPackage() {
    assertEquals("[{\"path\":[\"t\",\"chain\"]},{\"annotations\":{\"scope\":\"package\",\"title\":\"Egress\"},"
        + "\"path\":[\"t\"]}]", RegoFixture.eval(MODULE, "data.t.chain"));
  }

  @Test
  void badYamlIsAParseError() {
    RegoException e = assertThrows(RegoException.class,
        () -> RegoFixture.policy("# METADATA\n# title: [unclosed\npackage t\n"));
    assertEquals("rego_parse_error", e.code());
    assertEquals(1, e.errors().get(0).line());
  }
}
