package com.aibang.egress.proxy.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition (what the apps serve on /q/metrics). */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** Sum of every sample of {@code metric} whose label set contains all the given {@code name="value"} pairs. */
    public static double sum(String exposition, String metric, String... labels) {
        double total = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        while (matcher.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= matcher.group(1).contains(label);
            }
            if (all) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }
}
