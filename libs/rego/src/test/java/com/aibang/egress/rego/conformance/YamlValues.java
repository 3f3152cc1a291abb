package com.aibang.egress.rego.conformance;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Converts SnakeYAML nodes to values keeping numbers exact (scalars are read from their source text). */
final class YamlValues {
  private YamlValues() {}

  static Value toValue(Node node) {
    if (node instanceof MappingNode m) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (NodeTuple t : m.getValue()) {
        b.put(StringValue.of(scalarText(t.getKeyNode())), toValue(t.getValueNode()));
      }
      return b.build();
    }
    if (node instanceof SequenceNode s) {
      List<Value> items = new ArrayList<>();
      s.getValue().forEach(n -> items.add(toValue(n)));
      return ArrayValue.wrap(items);
    }
    ScalarNode sc = (ScalarNode) node;
    String text = sc.getValue();
    Tag tag = sc.getTag();
    if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return NumberValue.parse(text.replace("_", "").replaceFirst("^\\+", ""));
    }
    if (Tag.BOOL.equals(tag)) {
      return BooleanValue.of(text.equalsIgnoreCase("true"));
    }
    if (Tag.NULL.equals(tag)) {
      return NullValue.INSTANCE;
    }
    return StringValue.of(text);
  }

  static String scalarText(Node node) {
    if (!(node instanceof ScalarNode sc)) {
      throw new IllegalArgumentException("expected a scalar at line " + (node.getStartMark().getLine() + 1));
    }
    return sc.getValue();
  }
}
