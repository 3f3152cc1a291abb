package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.builtins.GoUrlEscaping.Mode;
import com.aibang.egress.rego.builtins.GoUrlEscaping.UrlEscapeException;

/**
 * A URL parsed by the rules of Go's net/url.Parse, so that validity and the split into parts
 * (including which path is "raw") match what OPA reports.
 */
record GoUrl(String scheme, String opaque, String userinfo, String host, String path, String rawPath,
             String rawQuery, String fragment) {

  /** Go's *url.Error: message "parse \"&lt;url&gt;\": &lt;reason&gt;". */
  static final class UrlParseException extends RuntimeException {
    UrlParseException(String url, String reason) {
      super("parse " + GoText.quote(url) + ": " + reason, null, false, false);
    }
  }

  static GoUrl parse(String raw) {
    int hash = raw.indexOf('#');
    String u = hash < 0 ? raw : raw.substring(0, hash);
    GoUrl parsed;
    try {
      parsed = parseWithoutFragment(u);
    } catch (Reason r) {
      throw new UrlParseException(u, r.getMessage());
    }
    String fragment = "";
    try {
      fragment = hash < 0 ? "" : unescape(raw.substring(hash + 1), Mode.FRAGMENT);
    } catch (Reason r) {
      throw new UrlParseException(raw, r.getMessage());
    }
    return new GoUrl(parsed.scheme, parsed.opaque, parsed.userinfo, parsed.host, parsed.path, parsed.rawPath,
        parsed.rawQuery, fragment);
  }

  /** Hostname without port and IPv6 brackets (Go's URL.Hostname). */
  String hostname() {
    String h = host;
    int colon = h.lastIndexOf(':');
    if (h.startsWith("[")) {
      int close = h.lastIndexOf(']');
      return close < 0 ? h.substring(1) : h.substring(1, close);
    }
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** Port digits without the colon, or "" (Go's URL.Port). */
  String port() {
    String h = host;
    int colon = h.lastIndexOf(':');
    if (colon < 0 || (h.startsWith("[") && h.indexOf(']') > colon)) {
      return "";
    }
    return h.substring(colon + 1);
  }

  private static final class Reason extends RuntimeException {
    Reason(String message) { super(message, null, false, false); }
  }

  private static GoUrl parseWithoutFragment(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new Reason("net/url: invalid control character in URL");
      }
    }
    if (raw.equals("*")) {
      return new GoUrl("", "", null, "", "*", "", "", "");
    }
    String[] schemeAndRest = splitScheme(raw);
    String scheme = schemeAndRest[0].toLowerCase(java.util.Locale.ROOT);
    String rest = schemeAndRest[1];
    String rawQuery = "";
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        // Rootless paths such as mailto:user@example.com are opaque.
        return new GoUrl(scheme, rest, null, "", "", "", rawQuery, "");
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new Reason("first path segment in URL cannot contain colon");
      }
    }
    String userinfo = null;
    String host = "";
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      rest = "";
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        rest = authority.substring(slash);
        authority = authority.substring(0, slash);
      }
      int at = authority.lastIndexOf('@');
      host = parseHost(at < 0 ? authority : authority.substring(at + 1));
      if (at >= 0) {
        userinfo = authority.substring(0, at);
        if (!validUserinfo(userinfo)) {
          throw new Reason("net/url: invalid userinfo");
        }
        unescape(userinfo, Mode.USER_PASSWORD);
      }
    }
    String path = unescape(rest, Mode.PATH);
    String rawPath = GoUrlEscaping.escape(path, Mode.PATH).equals(rest) ? "" : rest;
    return new GoUrl(scheme, "", userinfo, host, path, rawPath, rawQuery, "");
  }

  private static String[] splitScheme(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return new String[] {"", raw};
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new Reason("missing protocol scheme");
        }
        return new String[] {raw.substring(0, i), raw.substring(i + 1)};
      }
      return new String[] {"", raw};
    }
    return new String[] {"", raw};
  }

  private static String parseHost(String host) {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new Reason("missing ']' in host");
      }
      String colonPort = host.substring(close + 1);
      if (!validOptionalPort(colonPort)) {
        throw new Reason("invalid port " + GoText.quote(colonPort) + " after host");
      }
      int zone = host.substring(0, close).indexOf("%25");
      if (zone >= 0) {
        return unescape(host.substring(0, zone), Mode.HOST)
            + unescape(host.substring(zone, close), Mode.ZONE)
            + unescape(host.substring(close), Mode.HOST);
      }
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        String colonPort = host.substring(colon);
        if (!validOptionalPort(colonPort)) {
          throw new Reason("invalid port " + GoText.quote(colonPort) + " after host");
        }
      }
    }
    return unescape(host, Mode.HOST);
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean validUserinfo(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        continue;
      }
      if ("-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String s, Mode mode) {
    try {
      return GoUrlEscaping.unescape(s, mode);
    } catch (UrlEscapeException e) {
      throw new Reason(e.getMessage());
    }
  }
}
