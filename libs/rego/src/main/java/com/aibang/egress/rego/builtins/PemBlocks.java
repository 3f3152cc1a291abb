package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM blocks ("-----BEGIN TYPE-----" base64 "-----END TYPE-----") and the base64-or-PEM inputs OPA accepts. */
final class PemBlocks {
  private PemBlocks() {}

  /** One decoded block. */
  record Block(String type, byte[] der) {}

  /** Every well-formed block in text, in order; text between blocks is ignored as by Go's pem.Decode loop. */
  static List<Block> decodeAll(String text) {
    List<Block> blocks = new ArrayList<>();
    int from = 0;
    while (true) {
      int begin = text.indexOf("-----BEGIN ", from);
      if (begin < 0) {
        return blocks;
      }
      int typeEnd = text.indexOf("-----", begin + 11);
      if (typeEnd < 0) {
        return blocks;
      }
      String type = text.substring(begin + 11, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = text.indexOf(endMarker, typeEnd + 5);
      if (end < 0) {
        return blocks;
      }
      try {
        blocks.add(new Block(type, Base64.getMimeDecoder().decode(text.substring(typeEnd + 5, end).trim())));
      } catch (IllegalArgumentException e) {
        // A block with a broken body is skipped, as Go's decoder does.
      }
      from = end + endMarker.length();
    }
  }

  /** PEM text as given, or the PEM/DER inside standard base64; errors use Go's base64 wording. */
  static byte[] pemOrBase64(String input) {
    if (input.startsWith("-----BEGIN")) {
      return input.getBytes(ISO_8859_1);
    }
    return base64Std(input);
  }

  static byte[] base64Std(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
          || c == '\r' || c == '\n' || (c == '=' && i >= s.length() - 2);
      if (!ok) {
        throw BuiltinException.error("illegal base64 data at input byte " + i);
      }
    }
    String cleaned = s.replace("\r", "").replace("\n", "");
    if (cleaned.length() % 4 != 0) {
      // Standard base64 is padded: a short final quantum is an error, as in Go.
      throw BuiltinException.error("illegal base64 data at input byte " + (cleaned.length() / 4) * 4);
    }
    try {
      return Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("illegal base64 data at input byte " + Math.max(0, s.length() - 1));
    }
  }

  static boolean isPem(byte[] data) {
    return new String(data, 0, Math.min(10, data.length), ISO_8859_1).equals("-----BEGIN");
  }

  static String text(byte[] data) { return new String(data, ISO_8859_1); }
}
