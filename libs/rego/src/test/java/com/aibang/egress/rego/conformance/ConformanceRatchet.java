package com.aibang.egress.rego.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed list of conformance case ids ("path#index", one per line) that must keep passing.
 * A listed case that fails (or is missing from the cases folder) is a regression; a passing case
 * not listed is reported so the list can be updated with {@code -Dconformance.update=true}.
 */
final class ConformanceRatchet {
  /** System property that rewrites the list from the current run instead of checking it. */
  static final String UPDATE_PROPERTY = "conformance.update";
  static final Path DEFAULT_FILE = Path.of("src", "test", "resources", "conformance-passing.txt");
  private static final String HEADER = """
      # Rego conformance cases (path#index in ../shared/rego-conformance) that pass and must keep passing.
      # RegoConformanceTest fails when one of them stops passing. Regenerate after an improvement with:
      #   ./mvnw -B -q -f libs/rego/pom.xml test -Dtest=RegoConformanceTest -Dconformance.update=true
      """;

  private final Path file;
  private final Set<String> listed;

  private ConformanceRatchet(Path file, Set<String> listed) {
    this.file = file;
    this.listed = listed;
  }

  static ConformanceRatchet load(Path file) throws IOException {
    Set<String> ids = new TreeSet<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          ids.add(id);
        }
      }
    }
    return new ConformanceRatchet(file, ids);
  }

  static String id(String relativePath, int index) {
    return relativePath + "#" + index;
  }

  static boolean updateRequested() {
    return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, "false"));
  }

  Set<String> listed() { return listed; }

  /** Listed ids that did not pass in this run (failed, or no such case any more). */
  List<String> regressions(Collection<String> passing) {
    List<String> out = new ArrayList<>();
    Set<String> pass = new TreeSet<>(passing);
    for (String id : listed) {
      if (!pass.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Passing ids that are not listed yet. */
  List<String> newlyPassing(Collection<String> passing) {
    List<String> out = new ArrayList<>();
    for (String id : new TreeSet<>(passing)) {
      if (!listed.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  void rewrite(Collection<String> passing) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER);
    new TreeSet<>(passing).forEach(id -> sb.append(id).append('\n'));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  Path file() { return file; }
}
