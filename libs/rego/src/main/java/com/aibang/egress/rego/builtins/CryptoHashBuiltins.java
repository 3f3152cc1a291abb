package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.StringValue;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** crypto.md5/sha1/sha256 digests and crypto.hmac.* (hex output), plus constant-time crypto.hmac.equal. */
public final class CryptoHashBuiltins {
  private CryptoHashBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("crypto.md5", 1, a -> hex(digest("MD5", a.string(0))));
    r.register("crypto.sha1", 1, a -> hex(digest("SHA-1", a.string(0))));
    r.register("crypto.sha256", 1, a -> hex(digest("SHA-256", a.string(0))));
    r.register("crypto.hmac.md5", 2, a -> hex(hmac("HmacMD5", a.string(0), a.string(1))));
    r.register("crypto.hmac.sha1", 2, a -> hex(hmac("HmacSHA1", a.string(0), a.string(1))));
    r.register("crypto.hmac.sha256", 2, a -> hex(hmac("HmacSHA256", a.string(0), a.string(1))));
    r.register("crypto.hmac.sha512", 2, a -> hex(hmac("HmacSHA512", a.string(0), a.string(1))));
    // Comparing in constant time keeps the comparison from leaking how much of a MAC matched.
    r.register("crypto.hmac.equal", 2, a ->
        BooleanValue.of(MessageDigest.isEqual(a.string(0).getBytes(UTF_8), a.string(1).getBytes(UTF_8))));
  }

  private static StringValue hex(byte[] bytes) { return StringValue.of(HexFormat.of().formatHex(bytes)); }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error(algorithm + " unavailable: " + e.getMessage());
    }
  }

  private static byte[] hmac(String algorithm, String message, String key) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      // An empty key is legal for HMAC but not for SecretKeySpec; a zero byte is equivalent after padding.
      byte[] k = key.isEmpty() ? new byte[1] : key.getBytes(UTF_8);
      mac.init(new SecretKeySpec(k, algorithm));
      return mac.doFinal(message.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error(algorithm + " unavailable: " + e.getMessage());
    }
  }
}
