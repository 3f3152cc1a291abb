package com.aibang.egress.e2e.monitoring;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and selector label names a PromQL expression refers to. Enough of PromQL for alert rules:
 * functions, aggregations with by/without, selectors with matchers, ranges, comparisons and numbers.
 */
final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "le", "inf", "nan");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQlNames() {
    }

    /** Metric name to the label names its selectors match on (empty when used without matchers). */
    static Map<String, Set<String>> metrics(String expression) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        String rest = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher selector = SELECTOR.matcher(rest);
        while (selector.find()) {
            Set<String> labels = metrics.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>());
            Matcher label = MATCHER_LABEL.matcher(selector.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        rest = SELECTOR.matcher(rest).replaceAll("$1");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = rest.replaceAll("\\[[^]]*]", " ");
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = rest.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name.toLowerCase())) {
                metrics.computeIfAbsent(name, key -> new LinkedHashSet<>());
            }
        }
        return metrics;
    }
}
