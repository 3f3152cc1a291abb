package com.aibang.egress.rego.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.lexer.Lexer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RegoFormatterTest {
  @Test
  void corpusSnippetsFormatIdempotentlyWithoutChangingMeaning() {
    for (String src : FormatCorpus.SNIPPETS) {
      String once = RegoFormatter.format("snippet.rego", src);
      assertEquals(once, RegoFormatter.format("snippet.rego", once), "not idempotent:\n" + src + "\n--->\n" + once);
      assertTrue(RegoFormatter.sameMeaning("snippet.rego", src, once), once);
      assertEquals(comments(src), comments(once), "comments must be kept:\n" + once);
    }
  }

  @Test
  void repositoryPoliciesAreAlreadyFormattedStablyAndKeepTheirMeaning() throws IOException {
    Path policies = Path.of("../../policies");
    List<Path> files;
    try (Stream<Path> s = Files.walk(policies)) {
      files = s.filter(p -> p.toString().endsWith(".rego")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no policies found under " + policies.toAbsolutePath());
    for (Path f : files) {
      String src = Files.readString(f);
      String once = RegoFormatter.format(f.toString(), src);
      assertEquals(once, RegoFormatter.format(f.toString(), once), f.toString());
      assertTrue(RegoFormatter.sameMeaning(f.toString(), src, once), f.toString());
      assertEquals(comments(src), comments(once), f.toString());
      assertEquals(src, once, f + ": run policyctl fmt on it");
    }
  }

  @Test
  void writesCanonicalLayout() {
    String messy = "package  demo\nimport rego.v1\n# allow rule\nallow {input.user==\"admin\";count(input.roles)>0}"
        + "\nroles contains r if { some r in input.roles }\ndefault allow = false\n";
    String expected = """
        package demo

        import rego.v1

        # allow rule
        allow if {
        \tinput.user == "admin"
        \tcount(input.roles) > 0
        }

        roles contains r if {
        \tsome r in input.roles
        }

        default allow = false
        """;
    assertEquals(expected, RegoFormatter.format("demo.rego", messy));
  }

  @Test
  void keepsRawStringsInlineBodiesAndMultiLineCollections() {
    String src = """
        package demo

        pattern := `^[a-z]+\\.example$`

        short if input.x == 1

        list := [
        \t"a",
        \t"b",
        ]
        """;
    assertEquals(src, RegoFormatter.format("demo.rego", src));
  }

  @Test
  void keepsWithChainsOnTheLinesTheSourceGaveThem() {
    String src = """
        package demo

        test_chain if {
        	d := data.demo.p with input as {"a": 1} # first line
        		with data.x as 2
        		with data.y as 3 # last line
        	d == 6
        }

        test_one_line if data.demo.p with input as {} with data.x as 1
        """;
    assertEquals(src, RegoFormatter.format("demo.rego", src));
    String joined = src.replace(" # first line\n\t\twith", " with").replace("\n\t\twith", " with");
    assertEquals(joined, RegoFormatter.format("demo.rego", joined).replace(" # first line", ""),
        "a chain written on one line stays on one line");
    String flush = src.replace("\t\twith", "with");
    assertEquals(src, RegoFormatter.format("demo.rego", flush), "continued lines are indented one level");
  }

  @Test
  void parseErrorsArePositioned() {
    RegoException e = assertThrows(RegoException.class,
        () -> RegoFormatter.format("bad.rego", "package x\n\np if {\n\tinput.x ==\n}\n"));
    RegoError err = e.errors().get(0);
    assertEquals("bad.rego", err.file());
    assertEquals("rego_parse_error", err.code());
    assertEquals(5, err.line());
  }

  @Test
  void detectsAChangedMeaning() {
    assertFalse(RegoFormatter.sameMeaning("a.rego", "package a\np := 1 + 2 * 3\n", "package a\np := (1 + 2) * 3\n"));
    assertTrue(RegoFormatter.sameMeaning("a.rego", "package a\np := 1 + (2 * 3)\n", "package a\np := 1 + 2 * 3\n"));
  }

  @Test
  void conformanceModulesFormatWithoutChangingMeaning() throws IOException {
    Path cases = ConformanceModules.casesDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(cases != null,
        "rego-conformance cases not found (../shared/rego-conformance or REGO_CONFORMANCE_DIR); skipping");
    List<String> failures = new ArrayList<>();
    int formatted = 0;
    for (String module : ConformanceModules.load(cases)) {
      String once;
      try {
        once = RegoFormatter.format("case.rego", module);
      } catch (RegoException e) {
        if (!e.code().equals(RegoFormatter.FORMAT_ERROR)) {
          continue; // the case is about a parse error; nothing to format
        }
        failures.add(e.getMessage() + "\n" + module);
        continue;
      }
      formatted++;
      if (!comments(module).equals(comments(once))) {
        failures.add("comments changed\n" + module + "\n--->\n" + once);
      }
    }
    assertTrue(formatted > 1000, "only " + formatted + " modules formatted");
    assertTrue(failures.isEmpty(), failures.size() + " failures, first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
  }

  /** Comment texts in source order, as the lexer sees them. */
  private static List<String> comments(String src) {
    Lexer lexer = new Lexer(src);
    lexer.all();
    return lexer.comments().stream().map(c -> c.text().strip()).toList();
  }
}
