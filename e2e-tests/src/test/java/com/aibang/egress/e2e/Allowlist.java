package com.aibang.egress.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A test's allowlist data in the real schema of policies/allowlists/data.yaml: what namespace "api" may reach, with
 * tier 1 calling tier 2 from 127.0.0.1.
 */
public final class Allowlist {
    private final List<String> destinations = new ArrayList<>();
    private final List<String> internal = new ArrayList<>();
    private final List<String> blockedAtExit = new ArrayList<>();

    /** Namespace "api" may reach {@code host} (a name, wildcard or IP) on these ports. */
    public Allowlist allow(String host, int... ports) {
        destinations.add(entry(host, ports));
        return this;
    }

    /**
     * Allowed and declared internal: the test upstreams listen on loopback, which tier 2's SSRF guard refuses unless
     * the policy declares the destination internal.
     */
    public Allowlist allowInternal(String host, int... ports) {
        allow(host, ports);
        internal.add(entry(host, ports));
        return this;
    }

    /** Refused by tier 2 (exit_blocklist) whatever the namespace may reach. */
    public Allowlist blockAtExit(String host) {
        blockedAtExit.add("  - host: \"" + host + "\"\n");
        return this;
    }

    /** The data file's text. */
    public String yaml() {
        StringBuilder yaml = new StringBuilder("namespaces:\n  api:\n    destinations:\n");
        destinations.forEach(entry -> yaml.append(entry.indent(4)));
        yaml.append("tier1_source_cidrs:\n  - 127.0.0.1/32\n");
        section(yaml, "exit_blocklist", blockedAtExit);
        section(yaml, "internal_destinations", internal);
        return yaml.toString();
    }

    private static void section(StringBuilder yaml, String name, List<String> entries) {
        if (!entries.isEmpty()) {
            yaml.append(name).append(":\n");
            entries.forEach(yaml::append);
        }
    }

    private static String entry(String host, int... ports) {
        String list = Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        return "  - host: \"" + host + "\"\n    ports: [" + list + "]\n";
    }
}
