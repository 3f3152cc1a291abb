package com.aibang.egress.bench;

import com.aibang.egress.rego.SourceFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data-shape change proposed for tier 2 (see bench/README.md), applied to a copy of the real
 * policy: data.allowlists.destinations lists every (lower-cased) host pattern once with its
 * namespace and ports, and some_namespace_allows looks up the host and its "*.suffix" patterns
 * in it (an indexed equality) instead of running host_matches over every namespace's entries.
 */
final class IndexedShapeVariant {
  static final String ORIGINAL_RULE = """
      some_namespace_allows if {
      \tsome ns, _ in data.allowlists.namespaces
      \tnamespace_allows(ns)
      }
      """;

  static final String INDEXED_RULE = """
      some_namespace_allows if {
      \tsome pattern in host_patterns
      \tsome entry in data.allowlists.destinations
      \tentry.host == pattern
      \tport_listed(entry.ports)
      }

      # The host itself and "*.<suffix>" for each proper suffix: every pattern that can match it.
      host_patterns contains dest_host

      host_patterns contains concat(".", ["*", suffix]) if {
      \tlabels := split(dest_host, ".")
      \tsome i in numbers.range(1, count(labels) - 1)
      \tsuffix := concat(".", array.slice(labels, i, count(labels)))
      }
      """;

  private IndexedShapeVariant() {}

  /** The real policy with some_namespace_allows replaced; fails when the rule text changed. */
  static SourceFile policy(SourceFile real) {
    if (!real.content().contains(ORIGINAL_RULE)) {
      throw new IllegalStateException(real.name() + " no longer contains the some_namespace_allows rule this "
          + "variant replaces; update IndexedShapeVariant");
    }
    return new SourceFile(real.name() + " (indexed-shape variant)", real.content().replace(ORIGINAL_RULE, INDEXED_RULE));
  }

  /** The generated data plus allowlists.destinations: [{host, namespace, ports}] derived from namespaces. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> data() {
    Map<String, Object> allowlists = new LinkedHashMap<>(AllowlistData.allowlists());
    List<Object> flat = new ArrayList<>();
    ((Map<String, Object>) allowlists.get("namespaces")).forEach((ns, cfg) -> {
      for (Object d : (List<Object>) ((Map<String, Object>) cfg).get("destinations")) {
        Map<String, Object> entry = (Map<String, Object>) d;
        flat.add(Map.of("host", ((String) entry.get("host")).toLowerCase(Locale.ROOT), "namespace", ns,
            "ports", entry.get("ports")));
      }
    });
    allowlists.put("destinations", flat);
    return Map.of("allowlists", allowlists);
  }
}
