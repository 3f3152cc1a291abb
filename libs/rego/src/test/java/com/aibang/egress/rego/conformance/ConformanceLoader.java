package com.aibang.egress.rego.conformance;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Loads conformance YAML files into cases; unknown keys fail loudly. */
final class ConformanceLoader {
  private static final Set<String> KNOWN = Set.of("note", "query", "modules", "data", "input", "input_term",
      "want_result", "want_error_code", "want_error", "strict_error", "sort_bindings", "ignore_generated_vars",
      "experimental_keywords");

  private ConformanceLoader() {}

  static List<ConformanceCase> load(Path file, String relative) throws IOException {
    LoaderOptions opts = new LoaderOptions();
    opts.setCodePointLimit(64 * 1024 * 1024);
    Node root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(opts).compose(r);
    }
    Map<String, Node> top = mapping(root, relative);
    if (!top.keySet().equals(Set.of("cases"))) {
      throw new IllegalArgumentException(relative + ": expected only key 'cases', got " + top.keySet());
    }
    List<ConformanceCase> out = new ArrayList<>();
    List<Node> items = ((SequenceNode) top.get("cases")).getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(toCase(mapping(items.get(i), relative), relative, i));
    }
    return out;
  }

  private static Map<String, Node> mapping(Node n, String file) {
    if (!(n instanceof MappingNode m)) {
      throw new IllegalArgumentException(file + ": expected a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      out.put(YamlValues.scalarText(t.getKeyNode()), t.getValueNode());
    }
    return out;
  }

  private static ConformanceCase toCase(Map<String, Node> m, String file, int index) {
    for (String k : m.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException(file + " case " + index + ": unknown key '" + k + "'");
      }
    }
    List<String> modules = null;
    if (m.containsKey("modules")) {
      modules = new ArrayList<>();
      for (Node n : ((SequenceNode) m.get("modules")).getValue()) {
        modules.add(YamlValues.scalarText(n));
      }
    }
    List<Map<String, Value>> want = null;
    if (m.containsKey("want_result")) {
      want = new ArrayList<>();
      Value v = YamlValues.toValue(m.get("want_result"));
      for (Value row : ((ArrayValue) v).items()) {
        Map<String, Value> r = new HashMap<>();
        ((ObjectValue) row).entries().forEach((k, x) -> r.put(((StringValue) k).value(), x));
        want.add(r);
      }
    }
    return new ConformanceCase(file, index, text(m, "note"), text(m, "query"), modules,
        nullable(m.get("data")), m.containsKey("input") ? YamlValues.toValue(m.get("input")) : null,
        text(m, "input_term"), want, text(m, "want_error_code"), text(m, "want_error"), flag(m, "strict_error"),
        flag(m, "sort_bindings"), flag(m, "ignore_generated_vars"), flag(m, "experimental_keywords"));
  }

  private static Value nullable(Node n) {
    if (n == null || (n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()))) {
      return null;
    }
    return YamlValues.toValue(n);
  }

  private static String text(Map<String, Node> m, String key) {
    Node n = m.get(key);
    return n == null ? null : YamlValues.scalarText(n);
  }

  private static boolean flag(Map<String, Node> m, String key) {
    Node n = m.get(key);
    return n != null && YamlValues.scalarText(n).equals("true");
  }
}
