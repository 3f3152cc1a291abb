package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** providers.aws.sign_req: adds AWS Signature Version 4 headers to a request object (as http.send takes it). */
public final class AwsSigningBuiltins {
  private static final List<String> REQUEST_KEYS = List.of("method", "url");
  private static final List<String> CONFIG_KEYS = List.of("aws_access_key", "aws_secret_access_key", "aws_service", "aws_region");
  /** Headers that proxies and clients rewrite, so they are never signed. */
  private static final Set<String> UNSIGNED_HEADERS = Set.of("authorization", "user-agent", "x-amzn-trace-id");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private AwsSigningBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("providers.aws.sign_req", 3, AwsSigningBuiltins::signRequest);
  }

  private static Value signRequest(Args a) {
    ObjectValue req = a.object(0);
    ObjectValue config = a.object(1);
    Map<String, String> request = requiredStrings(req, REQUEST_KEYS, 0, "request");
    Map<String, String> aws = requiredStrings(config, CONFIG_KEYS, 1, "AWS config");
    boolean unsignedPayload = false;
    Value disable = config.get("disable_payload_signing");
    if (disable != null) {
      if (!(disable instanceof BooleanValue b)) {
        throw BuiltinException.type(Args.operand(1) + " invalid value for 'disable_payload_signing' in AWS config");
      }
      unsignedPayload = b.value();
    }
    BigInteger ns = a.integer(2);
    if (ns.signum() < 0 || ns.bitLength() > 63) {
      throw BuiltinException.type(Args.operand(2) + " could not convert time_ns value into a unix timestamp");
    }
    Instant now = Instant.ofEpochSecond(0, ns.longValue());
    String sessionToken = config.get("aws_session_token") instanceof StringValue s ? s.value() : "";

    byte[] body = body(req);
    String service = aws.get("aws_service");
    String region = aws.get("aws_region");
    String payloadHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : hex(sha256(body));
    GoUrl url = GoUrl.parse(request.get("url"));

    TreeMap<String, String> awsHeaders = new TreeMap<>();
    awsHeaders.put("host", url.host());
    awsHeaders.put("x-amz-date", STAMP.format(now));
    // S3 and Glacier also want the payload hash as a header.
    if (service.equals("s3") || service.equals("glacier")) {
      awsHeaders.put("x-amz-content-sha256", payloadHash);
    }
    if (!sessionToken.isEmpty()) {
      awsHeaders.put("x-amz-security-token", sessionToken);
    }
    Map<String, String> given = headers(req);
    TreeMap<String, String> signed = new TreeMap<>(awsHeaders);
    given.forEach((k, v) -> {
      if (!UNSIGNED_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
        signed.put(k.toLowerCase(Locale.ROOT), v);
      }
    });

    String signedList = String.join(";", signed.keySet());
    StringBuilder canonical = new StringBuilder()
        .append(request.get("method")).append('\n')
        .append(url.rawPath().isEmpty() ? GoUrlEscaping.escape(url.path(), GoUrlEscaping.Mode.PATH) : url.rawPath()).append('\n')
        .append(url.rawQuery()).append('\n');
    signed.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n').append(signedList).append('\n').append(payloadHash);

    String day = DAY.format(now);
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + STAMP.format(now) + "\n" + scope + "\n" + hex(sha256(canonical.toString().getBytes(UTF_8)));
    byte[] key = hmac(("AWS4" + aws.get("aws_secret_access_key")).getBytes(UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));

    ObjectValue.Builder out = ObjectValue.builder();
    given.forEach((k, v) -> out.put(k, StringValue.of(v)));
    out.put("Authorization", StringValue.of("AWS4-HMAC-SHA256 Credential=" + aws.get("aws_access_key") + "/" + scope
        + ",SignedHeaders=" + signedList + ",Signature=" + signature));
    awsHeaders.forEach((k, v) -> out.put(k, StringValue.of(v)));
    return ObjectValue.builder().putAll(req).put("headers", out.build()).build();
  }

  /** The named string fields; a missing or non-string one fails with OPA's wording. */
  private static Map<String, String> requiredStrings(ObjectValue o, List<String> keys, int operand, String what) {
    TreeSet<String> missing = new TreeSet<>();
    TreeSet<String> invalid = new TreeSet<>();
    Map<String, String> out = new TreeMap<>();
    for (String k : keys) {
      Value v = o.get(k);
      if (v == null) {
        missing.add(k);
      } else if (v instanceof StringValue s) {
        out.put(k, s.value());
      } else {
        invalid.add(k);
      }
    }
    if (!missing.isEmpty()) {
      throw BuiltinException.type(Args.operand(operand) + " missing required " + what + " parameters(s): " + setText(missing));
    }
    if (!invalid.isEmpty()) {
      throw BuiltinException.type(Args.operand(operand) + " invalid values for required " + what + " parameters(s): " + setText(invalid));
    }
    return out;
  }

  /** "raw_body" (sent as is) wins over "body" (sent as JSON); no body is empty. */
  private static byte[] body(ObjectValue req) {
    if (req.get("raw_body") instanceof StringValue raw) {
      return raw.value().getBytes(UTF_8);
    }
    Value body = req.get("body");
    return body == null ? new byte[0] : JsonCodec.write(body).getBytes(UTF_8);
  }

  /** A set of names as Rego prints it: {"a", "b"}. */
  private static String setText(TreeSet<String> names) {
    StringBuilder sb = new StringBuilder("{");
    for (String n : names) {
      sb.append(sb.length() > 1 ? ", " : "").append(GoText.quote(n));
    }
    return sb.append('}').toString();
  }

  /** Header name to value; a list of values is joined with commas. */
  private static Map<String, String> headers(ObjectValue req) {
    Map<String, String> out = new TreeMap<>();
    if (req.get("headers") instanceof ObjectValue h) {
      for (Map.Entry<Value, Value> e : h.entries().entrySet()) {
        String name = e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString();
        Value v = e.getValue();
        if (v instanceof ArrayValue arr) {
          StringBuilder joined = new StringBuilder();
          for (Value item : arr.items()) {
            joined.append(joined.length() > 0 ? "," : "").append(item instanceof StringValue s ? s.value() : item.toString());
          }
          out.put(name, joined.toString());
        } else {
          out.put(name, v instanceof StringValue s ? s.value() : v.toString());
        }
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("SHA-256 unavailable: " + e.getMessage());
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("HmacSHA256 unavailable: " + e.getMessage());
    }
  }

  private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }
}
