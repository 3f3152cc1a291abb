package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.Value;
import java.util.Base64;

/** A compact JWS split into its three parts, with OPA's decoding rules and error texts. */
record JwtToken(String header, String payload, String signature) {

  static JwtToken split(String encoded) {
    if (!encoded.contains(".")) {
      throw BuiltinException.error("encoded JWT had no period separators");
    }
    String[] parts = encoded.split("\\.", -1);
    if (parts.length != 3) {
      throw BuiltinException.error("encoded JWT must have 3 sections, found " + parts.length);
    }
    return new JwtToken(parts[0], parts[1], parts[2]);
  }

  /** The bytes that were signed: "header.payload" as transmitted. */
  byte[] signingInput() { return (header + "." + payload).getBytes(UTF_8); }

  ObjectValue decodedHeader() {
    byte[] raw;
    try {
      raw = base64Url(header);
    } catch (BuiltinException e) {
      throw BuiltinException.error("JWT header had invalid encoding: " + e.getMessage());
    }
    ObjectValue h = jsonObject(new String(raw, UTF_8), "bad JWT header: ");
    // A JWE (encrypted token, RFC 7516 section 9) carries "enc"; only signed tokens are supported.
    if (h.get("enc") != null) {
      throw BuiltinException.error("JWT is a JWE object, which is not supported");
    }
    return h;
  }

  String decodedPayload() {
    try {
      return new String(base64Url(payload), UTF_8);
    } catch (BuiltinException e) {
      throw BuiltinException.error("JWT payload had invalid encoding: " + e.getMessage());
    }
  }

  byte[] decodedSignature() {
    try {
      return base64Url(signature);
    } catch (BuiltinException e) {
      throw BuiltinException.error("JWT signature had invalid encoding: " + e.getMessage());
    }
  }

  static ObjectValue jsonObject(String text, String errorPrefix) {
    Value v;
    try {
      v = JsonCodec.parse(text);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error(errorPrefix + e.getMessage());
    }
    if (!(v instanceof ObjectValue o)) {
      throw BuiltinException.error(errorPrefix + "not a JSON object");
    }
    return o;
  }

  /** base64url with optional padding; errors name the first offending byte like Go's decoder. */
  static byte[] base64Url(String s) {
    String padded = s;
    if (!s.endsWith("=")) {
      switch (s.length() % 4) {
        case 2 -> padded = s + "==";
        case 3 -> padded = s + "=";
        case 1 -> throw BuiltinException.error("illegal base64url string: " + s);
        default -> { }
      }
    }
    for (int i = 0; i < padded.length(); i++) {
      char c = padded.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      boolean padding = c == '=' && i >= padded.length() - 2;
      if (!alphabet && !padding) {
        throw BuiltinException.error("illegal base64 data at input byte " + i);
      }
    }
    try {
      return Base64.getUrlDecoder().decode(padded);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("illegal base64 data at input byte " + Math.max(0, padded.length() - 1));
    }
  }
}
