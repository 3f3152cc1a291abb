package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.lexer.Lexer;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads `# METADATA` comment blocks (YAML) placed directly above the package or a rule. */
final class MetadataParser {
  private static final String MARKER = "METADATA";
  private static final Pattern AUTHOR = Pattern.compile("^(.*?)\\s*<([^>]+)>\\s*$");

  private final Map<Integer, Lexer.Comment> byLine = new HashMap<>();

  MetadataParser(List<Lexer.Comment> comments) {
    for (Lexer.Comment c : comments) {
      if (c.ownLine()) {
        byLine.put(c.line(), c);
      }
    }
  }

  List<Module.Annotation> annotations(int packageLine, List<Rule> rules) {
    List<Module.Annotation> out = new ArrayList<>();
    add(out, packageLine, -1, "package");
    for (int i = 0; i < rules.size(); i++) {
      add(out, rules.get(i).loc().line(), i, "rule");
    }
    return List.copyOf(out);
  }

  private void add(List<Module.Annotation> out, int line, int ruleIndex, String defaultScope) {
    int first = line - 1;
    if (!byLine.containsKey(first)) {
      return; // a METADATA block must end on the line right above (found by fuzzing: gap lines)
    }
    while (byLine.containsKey(first - 1)) {
      first--;
    }
    if (!byLine.containsKey(first) || !byLine.get(first).text().trim().equals(MARKER)) {
      return;
    }
    StringBuilder yaml = new StringBuilder();
    for (int l = first + 1; l < line; l++) {
      String text = byLine.get(l).text();
      yaml.append(text.startsWith(" ") ? text.substring(1) : text).append('\n');
    }
    Object parsed;
    try {
      parsed = new Yaml().load(yaml.toString());
    } catch (YAMLException e) {
      throw new ParseException("invalid METADATA block: " + e.getMessage().split("\n")[0], first, 1);
    }
    if (parsed != null && !(parsed instanceof Map)) {
      throw new ParseException("invalid METADATA block: expected a mapping", first, 1);
    }
    ObjectValue.Builder b = ObjectValue.builder();
    try {
      if (parsed != null) {
        ((Map<?, ?>) parsed).forEach((k, v) -> b.put(String.valueOf(k), normalise(String.valueOf(k), v)));
      }
    } catch (IllegalArgumentException e) {
      throw new ParseException("invalid METADATA block: " + e.getMessage(), first, 1);
    }
    Value scope = b.get(StringValue.of("scope"));
    String scopeName = scope instanceof StringValue s ? s.value() : defaultScope;
    b.put("scope", StringValue.of(scopeName));
    out.add(new Module.Annotation(scopeName, ruleIndex, b.build()));
  }

  /** authors and related_resources accept plain strings; OPA expands them to objects. */
  private static Value normalise(String key, Object v) {
    if (key.equals("authors") && v instanceof List<?> list) {
      List<Value> out = new ArrayList<>();
      for (Object a : list) {
        if (a instanceof String s) {
          Matcher m = AUTHOR.matcher(s);
          ObjectValue.Builder ab = ObjectValue.builder();
          if (m.matches()) {
            if (!m.group(1).isEmpty()) {
              ab.put("name", StringValue.of(m.group(1)));
            }
            ab.put("email", StringValue.of(m.group(2)));
          } else {
            ab.put("name", StringValue.of(s.trim()));
          }
          out.add(ab.build());
        } else {
          out.add(JavaValues.fromJava(a));
        }
      }
      return ArrayValue.wrap(out);
    }
    if (key.equals("related_resources") && v instanceof List<?> list) {
      List<Value> out = new ArrayList<>();
      for (Object r : list) {
        out.add(r instanceof String s ? ObjectValue.builder().put("ref", StringValue.of(s)).build()
            : JavaValues.fromJava(r));
      }
      return ArrayValue.wrap(out);
    }
    return JavaValues.fromJava(v);
  }
}
