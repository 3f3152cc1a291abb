package com.aibang.egress.policyservice.http;

import java.util.regex.Pattern;

/** Turns a Data API URL path ("egress/decision") into a Rego reference ("data.egress.decision"). */
final class DataPaths {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DataPaths() {
    }

    static String toRef(String urlPath) {
        StringBuilder ref = new StringBuilder("data");
        for (String segment : urlPath.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (IDENTIFIER.matcher(segment).matches()) {
                ref.append('.').append(segment);
            } else if (segment.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
                ref.append("[\"").append(segment).append("\"]");
            } else {
                throw new IllegalArgumentException("path segment is not allowed: " + segment);
            }
        }
        return ref.toString();
    }
}
