package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policyctl.DecisionSource.SourceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `--join`: for every request id with an entry matching the filters, all entries of that request
 * (the filters select requests, not lines, so the other tier's entry is shown too), edge first,
 * and a note when a tier has no entry. A reuse entry belongs to each request it lists (that tier answered them
 * from an earlier decision). Entries without request id cannot be joined: shown alone.
 */
final class JoinedRequests {
  private JoinedRequests() {}

  static void print(DecisionSource source, DecisionFilter filter, PrintStream out) throws SourceException {
    Set<String> selected = new LinkedHashSet<>();
    List<DecisionEntry> unjoinable = new ArrayList<>();
    source.forEach(e -> {
      if (filter.test(e)) {
        if (e.requestIds().isEmpty()) {
          unjoinable.add(e);
        } else {
          selected.addAll(e.requestIds());
        }
      }
    });
    Map<String, List<DecisionEntry>> groups = new LinkedHashMap<>();
    selected.forEach(id -> groups.put(id, new ArrayList<>()));
    // A reuse entry joins every request it lists: there it stands for that tier's decision.
    source.forEach(e -> e.requestIds().forEach(id -> {
      List<DecisionEntry> group = groups.get(id);
      if (group != null) {
        group.add(e);
      }
    }));
    int both = 0;
    int edgeOnly = 0;
    int egressOnly = 0;
    for (Map.Entry<String, List<DecisionEntry>> group : groups.entrySet()) {
      List<DecisionEntry> edge = ofTier(group.getValue(), InputFields.TIER_EDGE);
      List<DecisionEntry> egress = ofTier(group.getValue(), InputFields.TIER_EGRESS);
      out.println("request " + group.getKey());
      edge.forEach(e -> out.println("  " + DecisionLine.of(e)));
      if (edge.isEmpty()) {
        out.println("  (no edge entry)");
      }
      egress.forEach(e -> out.println("  " + DecisionLine.of(e)));
      if (egress.isEmpty()) {
        boolean edgeDenied = edge.stream().anyMatch(e -> e.denied() && !e.reportOnly());
        out.println(edgeDenied ? "  (no egress entry: denied at the edge)" : "  (no egress entry)");
      }
      group.getValue().stream().filter(e -> !edge.contains(e) && !egress.contains(e))
          .forEach(e -> out.println("  " + DecisionLine.of(e)));
      if (!edge.isEmpty() && !egress.isEmpty()) {
        both++;
      } else if (!edge.isEmpty()) {
        edgeOnly++;
      } else if (!egress.isEmpty()) {
        egressOnly++;
      }
    }
    for (DecisionEntry e : unjoinable) {
      out.println("no request_id");
      out.println("  " + DecisionLine.of(e));
    }
    out.println(groups.size() + " request(s): " + both + " with both tiers, " + edgeOnly + " edge only, "
        + egressOnly + " egress only" + (unjoinable.isEmpty() ? "" : "; " + unjoinable.size() + " entries without request_id"));
  }

  private static List<DecisionEntry> ofTier(List<DecisionEntry> entries, String tier) {
    return entries.stream().filter(e -> tier.equals(e.tier())).toList();
  }
}
