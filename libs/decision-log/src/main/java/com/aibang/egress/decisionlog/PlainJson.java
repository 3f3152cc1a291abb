package com.aibang.egress.decisionlog;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java documents (maps with string keys, collections, strings, numbers, booleans, null)
 * straight to a JSON generator, the same bytes as {@code ObjectMapper.writeValue} gives them, without
 * the data-binding layer's serializer lookups per value (the decision log writes several documents per
 * entry). Anything else is handed to the generator's codec.
 */
public final class PlainJson {

    private PlainJson() {
    }

    /** Writes {@code name} and then {@code value} as by {@link #write}. */
    public static void writeField(JsonGenerator json, String name, Object value) throws IOException {
        json.writeFieldName(name);
        write(json, value);
    }

    /** Writes one value. */
    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Long number) {
            json.writeNumber(number.longValue());
        } else if (value instanceof Integer number) {
            json.writeNumber(number.intValue());
        } else if (value instanceof BigInteger number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            json.writeStartObject();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                json.writeFieldName((String) member.getKey());
                write(json, member.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                write(json, item);
            }
            json.writeEndArray();
        } else {
            // Doubles, arrays, maps with other keys...: rare here, and the codec knows their exact form.
            json.writeObject(value);
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
