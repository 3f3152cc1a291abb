package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.StringValue;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** semver.is_valid and semver.compare (Semantic Versioning 2.0.0; build metadata is ignored). */
public final class SemverBuiltins {
  private static final String NUM = "0|[1-9][0-9]*";
  private static final String PRE_ID = "0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*";
  private static final Pattern SEMVER = Pattern.compile("(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")"
      + "(?:-((?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*))?"
      + "(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");

  private SemverBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("semver.is_valid", 1, a ->
        BooleanValue.of(a.get(0) instanceof StringValue s && SEMVER.matcher(s.value()).matches()));
    r.register("semver.compare", 2, a -> NumberValue.of(compare(parse(a, 0), parse(a, 1))));
  }

  private static Matcher parse(Args a, int i) {
    String s = a.string(i);
    Matcher m = SEMVER.matcher(s);
    if (!m.matches()) {
      throw BuiltinException.error(Args.operand(i) + ": string " + GoText.quote(s) + " is not a valid SemVer");
    }
    return m;
  }

  private static int compare(Matcher x, Matcher y) {
    for (int g = 1; g <= 3; g++) {
      int c = new BigInteger(x.group(g)).compareTo(new BigInteger(y.group(g)));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    String px = x.group(4);
    String py = y.group(4);
    if (px == null || py == null) {
      // A release is greater than any of its pre-releases.
      return px == null ? (py == null ? 0 : 1) : -1;
    }
    String[] ix = px.split("\\.");
    String[] iy = py.split("\\.");
    for (int i = 0; i < Math.min(ix.length, iy.length); i++) {
      int c = compareIdentifier(ix[i], iy[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.signum(Integer.compare(ix.length, iy.length));
  }

  /** Numeric identifiers compare numerically and sort before alphanumeric ones. */
  private static int compareIdentifier(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return Integer.signum(new BigInteger(a).compareTo(new BigInteger(b)));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return Integer.signum(a.compareTo(b));
  }
}
