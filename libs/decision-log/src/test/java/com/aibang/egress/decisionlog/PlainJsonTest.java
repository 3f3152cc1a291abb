package com.aibang.egress.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PlainJson writes the bytes the data-binding serialiser writes, for every kind of value a decision carries. */
class PlainJsonTest {

    @Test
    void documentsAreWrittenAsTheDataBindingLayerWritesThem() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("text", "quote \" backslash \\ newline \n tab \t unicode \u00e9 \u2028 control \u0001");
        nested.put("none", null);
        nested.put("yes", true);
        nested.put("count", 42L);
        nested.put("small", 7);
        nested.put("big", new BigInteger("123456789012345678901234567890"));
        nested.put("exact", new BigDecimal("1E+3"));
        nested.put("fraction", new BigDecimal("0.000001"));
        nested.put("double", 2.5d);
        nested.put("set", new LinkedHashSet<>(List.of("b", "a")));
        nested.put("array", new String[] {"x", "y"});
        Map<Object, Object> otherKeys = new LinkedHashMap<>();
        otherKeys.put(1, "one");
        nested.put("other_keys", otherKeys);
        List<Object> list = new ArrayList<>(Arrays.asList("a", null, 2L, List.of(), Map.of()));
        nested.put("list", list);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("input", nested);
        document.put("empty", Map.of());

        byte[] databind = DecisionLogWriter.serialize(json -> json.writeObjectField("document", document));
        byte[] plain = DecisionLogWriter.serialize(json -> PlainJson.writeField(json, "document", document));

        assertEquals(new String(databind, StandardCharsets.UTF_8), new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void nullAndScalarsAtTheTopLevel() {
        for (Object value : new Object[] {null, "s", false, 1L, 1, BigInteger.TEN, new BigDecimal("1.50")}) {
            byte[] databind = DecisionLogWriter.serialize(json -> json.writeObjectField("v", value));
            byte[] plain = DecisionLogWriter.serialize(json -> PlainJson.writeField(json, "v", value));
            assertEquals(new String(databind, StandardCharsets.UTF_8), new String(plain, StandardCharsets.UTF_8),
                    "value " + value);
        }
    }
}
