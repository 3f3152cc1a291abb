package com.aibang.egress.rego.value;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Parses JSON text into values with exact numbers, and writes values as compact JSON. */
public final class JsonCodec {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
      .build();

  private JsonCodec() {}

  /** Parses one JSON document; throws IllegalArgumentException with the parser's message on bad input. */
  public static Value parse(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("unexpected end of JSON input");
      }
      Value v = read(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("invalid character after top-level value");
      }
      return v;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Value read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        TreeMap<Value, Value> m = new TreeMap<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          m.put(StringValue.of(key), read(p, p.nextToken()));
        }
        return ObjectValue.wrap(m);
      }
      case START_ARRAY: {
        List<Value> l = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, n));
        }
        return ArrayValue.wrap(l);
      }
      case VALUE_STRING:
        return StringValue.of(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return NumberValue.parse(p.getText());
      case VALUE_TRUE:
        return BooleanValue.TRUE;
      case VALUE_FALSE:
        return BooleanValue.FALSE;
      case VALUE_NULL:
        return NullValue.INSTANCE;
      default:
        throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  /** Compact JSON (sets become arrays, non-string keys their JSON text), Go json.Marshal style. */
  public static String write(Value v) { return RegoText.json(v); }
}
