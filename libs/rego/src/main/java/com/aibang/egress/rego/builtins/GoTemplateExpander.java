package com.aibang.egress.rego.builtins;

import java.util.Map;

/** Go's Regexp.Expand: substitutes $1, ${1}, $name, ${name} and $$ in a replacement template. */
final class GoTemplateExpander {
  private GoTemplateExpander() {}

  static void expand(StringBuilder dst, String template, String src, int[] match, Map<String, Integer> names) {
    String rest = template;
    while (!rest.isEmpty()) {
      int dollar = rest.indexOf('$');
      if (dollar < 0) {
        break;
      }
      dst.append(rest, 0, dollar);
      rest = rest.substring(dollar + 1);
      if (rest.startsWith("$")) {
        dst.append('$');
        rest = rest.substring(1);
        continue;
      }
      Reference ref = extract(rest);
      if (ref == null) {
        // Malformed reference: the '$' stays as text.
        dst.append('$');
        continue;
      }
      rest = ref.rest();
      int group = ref.number() >= 0 ? ref.number() : names.getOrDefault(ref.name(), -1);
      if (group >= 0 && 2 * group + 1 < match.length && match[2 * group] >= 0) {
        dst.append(src, match[2 * group], match[2 * group + 1]);
      }
    }
    dst.append(rest);
  }

  private record Reference(String name, int number, String rest) {}

  private static Reference extract(String str) {
    if (str.isEmpty()) {
      return null;
    }
    boolean brace = str.charAt(0) == '{';
    String s = brace ? str.substring(1) : str;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == 0) {
      return null;
    }
    String name = s.substring(0, i);
    if (brace) {
      if (i >= s.length() || s.charAt(i) != '}') {
        return null;
      }
      i++;
    }
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        num = -1;
        break;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      num = -1;
    }
    return new Reference(name, num, s.substring(i));
  }
}
