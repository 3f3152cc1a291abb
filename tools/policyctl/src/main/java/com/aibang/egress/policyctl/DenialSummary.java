package com.aibang.egress.policyctl;

import com.aibang.egress.policyctl.DecisionSource.SourceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * `--summary`: denials among the filtered entries, counted by source namespace (the source IP when
 * the tier did not know the workload) and destination, most first. Report-mode denials (let
 * through) are counted in their own column.
 */
final class DenialSummary {
  private DenialSummary() {}

  /** One table row. */
  private record Row(String namespace, String destination, long[] counts) {
    long enforced() { return counts[0]; }

    long reported() { return counts[1]; }

    long total() { return counts[0] + counts[1]; }
  }

  static void print(DecisionSource source, DecisionFilter filter, PrintStream out) throws SourceException {
    Map<List<String>, long[]> counts = new HashMap<>();
    source.forEach(e -> {
      if (e.denied() && filter.test(e)) {
        String namespace = e.namespace() != null ? e.namespace() : e.sourceIp() != null ? "ip " + e.sourceIp() : "-";
        long[] row = counts.computeIfAbsent(List.of(namespace, e.destinationLabel()), k -> new long[2]);
        // A reused denial counts every request it answered.
        row[e.reportOnly() ? 1 : 0] += e.requests();
      }
    });
    List<Row> rows = new ArrayList<>();
    counts.forEach((key, value) -> rows.add(new Row(key.get(0), key.get(1), value)));
    rows.sort(Comparator.comparingLong(Row::total).reversed().thenComparing(Row::namespace)
        .thenComparing(Row::destination));
    int nsWidth = Math.max("NAMESPACE".length(), rows.stream().mapToInt(r -> r.namespace().length()).max().orElse(0));
    String format = "%7s %7s  %-" + nsWidth + "s  %s%n";
    out.printf(format, "DENIED", "REPORT", "NAMESPACE", "DESTINATION");
    long enforced = 0;
    long reported = 0;
    for (Row row : rows) {
      out.printf(format, row.enforced(), row.reported(), row.namespace(), row.destination());
      enforced += row.enforced();
      reported += row.reported();
    }
    out.printf(format, enforced, reported, "total", rows.size() + " namespace/destination pair(s)");
  }
}
