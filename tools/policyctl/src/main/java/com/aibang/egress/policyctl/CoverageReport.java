package com.aibang.egress.policyctl;

import com.aibang.egress.rego.EvalListener;
import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.ast.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * `test --coverage`: records which source lines the tests evaluated (an {@link EvalListener}) and
 * prints line coverage per policy file. Test files (*_test.rego) are not reported.
 */
final class CoverageReport implements EvalListener {
  private static final String TEST_FILE_SUFFIX = "_test.rego";

  private final Map<String, Set<Integer>> hits = new HashMap<>();

  @Override
  public void expr(Location loc) { hit(loc); }

  @Override
  public void ruleValue(Location ruleLoc) { hit(ruleLoc); }

  private void hit(Location loc) {
    if (loc != null && loc.file() != null) {
      hits.computeIfAbsent(loc.file(), f -> new HashSet<>()).add(loc.line());
    }
  }

  void print(List<SourceFile> modules, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    int totalCovered = 0;
    int totalLines = 0;
    for (SourceFile m : modules) {
      if (m.name().endsWith(TEST_FILE_SUFFIX)) {
        continue;
      }
      SortedSet<Integer> coverable = CoverableLines.of(m);
      Set<Integer> hit = hits.getOrDefault(m.name(), Set.of());
      List<Integer> missed = coverable.stream().filter(l -> !hit.contains(l)).toList();
      int covered = coverable.size() - missed.size();
      totalCovered += covered;
      totalLines += coverable.size();
      rows.add(new String[] {m.name(), percent(covered, coverable.size()),
          "(" + covered + "/" + coverable.size() + ")", missed.isEmpty() ? "" : "not covered: " + ranges(missed)});
    }
    rows.add(new String[] {"total", percent(totalCovered, totalLines), "(" + totalCovered + "/" + totalLines + ")", ""});
    int nameWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(5);
    out.println("coverage (lines of policy rules evaluated by the tests run):");
    for (String[] r : rows) {
      out.println(String.format(Locale.ROOT, "  %-" + nameWidth + "s %7s %-11s %s", r[0], r[1], r[2], r[3])
          .stripTrailing());
    }
  }

  private static String percent(int covered, int total) {
    return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * covered / total);
  }

  /** 3, 7, 8, 9, 12 -> "3, 7-9, 12". */
  static String ranges(List<Integer> lines) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      int j = i;
      while (j + 1 < lines.size() && lines.get(j + 1) == lines.get(j) + 1) {
        j++;
      }
      parts.add(i == j ? String.valueOf(lines.get(i)) : lines.get(i) + "-" + lines.get(j));
      i = j + 1;
    }
    return String.join(", ", parts);
  }
}
