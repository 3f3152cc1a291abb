package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * yaml.marshal, yaml.unmarshal, yaml.is_valid. Like OPA (YAML converted through JSON), keys
 * become strings and numbers stay exact; parse errors read "yaml: line N: ...".
 */
public final class YamlBuiltins {
  private YamlBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("yaml.unmarshal", 1, a -> parse(a.string(0)));
    r.register("yaml.is_valid", 1, a -> {
      if (!(a.get(0) instanceof StringValue s)) {
        return BooleanValue.FALSE;
      }
      try {
        parse(s.value());
        return BooleanValue.TRUE;
      } catch (BuiltinException e) {
        return BooleanValue.FALSE;
      }
    });
    r.register("yaml.marshal", 1, a -> StringValue.of(marshal(a.get(0))));
  }

  private static String marshal(Value v) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setSplitLines(false);
    // Through JSON first, as OPA does: sets become arrays, non-string keys become strings.
    Object plain = JavaValues.toJava(JsonCodec.parse(JsonCodec.write(v)));
    return new Yaml(options).dump(plain);
  }

  static Value parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(options);
    try {
      List<Node> docs = new ArrayList<>();
      for (Node n : yaml.composeAll(new StringReader(text))) {
        docs.add(n);
      }
      if (docs.isEmpty()) {
        return NullValue.INSTANCE;
      }
      return convert(docs.get(0));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
      throw BuiltinException.error("yaml: line " + line + ": " + goWording(e.getProblem()));
    } catch (YAMLException e) {
      throw BuiltinException.error("yaml: " + e.getMessage());
    }
  }

  /** libyaml (used by Go) words "expected X, but got Y" as "did not find expected X". */
  private static String goWording(String problem) {
    if (problem == null) {
      return "invalid document";
    }
    int but = problem.indexOf(", but ");
    if (problem.startsWith("expected ") && but > 0) {
      return "did not find " + problem.substring(0, but);
    }
    return problem;
  }

  private static Value convert(Node node) {
    if (node instanceof MappingNode map) {
      TreeMap<Value, Value> out = new TreeMap<>();
      for (NodeTuple t : map.getValue()) {
        Value key = convert(t.getKeyNode());
        String keyText = key instanceof StringValue s ? s.value() : JsonCodec.write(key);
        out.put(StringValue.of(keyText), convert(t.getValueNode()));
      }
      return ObjectValue.wrap(out);
    }
    if (node instanceof SequenceNode seq) {
      List<Value> out = new ArrayList<>();
      for (Node n : seq.getValue()) {
        out.add(convert(n));
      }
      return ArrayValue.wrap(out);
    }
    return scalar((ScalarNode) node);
  }

  private static Value scalar(ScalarNode n) {
    String text = n.getValue();
    Tag tag = n.getTag();
    if (Tag.NULL.equals(tag)) {
      return NullValue.INSTANCE;
    }
    if (Tag.BOOL.equals(tag)) {
      String t = text.toLowerCase(Locale.ROOT);
      return BooleanValue.of(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
    }
    if (Tag.INT.equals(tag)) {
      return integer(text);
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return NumberValue.of(new BigDecimal(text.replace("_", "")));
      } catch (NumberFormatException e) {
        // .inf and .nan have no JSON form; keep the text, as a string.
        return StringValue.of(text);
      }
    }
    return StringValue.of(text);
  }

  private static Value integer(String text) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    BigInteger v;
    if (digits.startsWith("0x")) {
      v = new BigInteger(digits.substring(2), 16);
    } else if (digits.startsWith("0b")) {
      v = new BigInteger(digits.substring(2), 2);
    } else if (digits.startsWith("0o")) {
      v = new BigInteger(digits.substring(2), 8);
    } else if (digits.length() > 1 && digits.startsWith("0") && digits.chars().allMatch(Character::isDigit)) {
      v = new BigInteger(digits, 8);
    } else if (digits.contains(":")) {
      // Sexagesimal (YAML 1.1): 1:30 = 90.
      v = BigInteger.ZERO;
      for (String part : digits.split(":")) {
        v = v.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
      }
    } else {
      v = new BigInteger(digits);
    }
    return NumberValue.of(negative ? v.negate() : v);
  }
}
