package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTest {
  @Test
  void numbersAreNormalised() {
    assertEquals(NumberValue.parse("1"), NumberValue.parse("1.00"));
    assertEquals(NumberValue.parse("1").hashCode(), NumberValue.parse("1.0").hashCode());
    assertEquals("100", NumberValue.parse("1e2").toString());
    assertEquals("18446744073709551617", NumberValue.parse("18446744073709551617").toString());
    assertEquals("0.5", NumberValue.parse("5e-1").toString());
  }

  @Test
  void canonicalOrderAcrossTypes() {
    List<Value> values = new ArrayList<>(List.of(SetValue.of(NumberValue.ONE), ObjectValue.EMPTY,
        ArrayValue.of(NumberValue.ONE), StringValue.of("a"), NumberValue.of(-1), BooleanValue.TRUE,
        BooleanValue.FALSE, NullValue.INSTANCE));
    values.sort(null);
    assertEquals("[null,false,true,-1,\"a\",[1],{},[1]]", JsonCodec.write(ArrayValue.of(values)));
    assertTrue(StringValue.of("\uffff").compareTo(StringValue.of("\ud83d\ude00")) < 0, "code point order");
    assertTrue(ArrayValue.of(NumberValue.ONE).compareTo(ArrayValue.of(NumberValue.ONE, NumberValue.ONE)) < 0);
  }

  @Test
  void jsonRoundTripKeepsExactNumbers() {
    Value v = JsonCodec.parse("{\"b\":[1.50,18446744073709551616],\"a\":null}");
    assertEquals("{\"a\":null,\"b\":[1.5,18446744073709551616]}", JsonCodec.write(v));
    assertEquals("{1,\"a\"}", SetValue.of(StringValue.of("a"), NumberValue.ONE).toRegoString());
    assertEquals("set()", SetValue.EMPTY.toRegoString());
  }
}
