package com.aibang.egress.edge;

import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Identifies callers by the most specific configured CIDR containing their source IP. */
final class CidrIdentityResolver implements SourceIdentityResolver {

    /** Value of {@code source.authenticated_by} for identities from this map. */
    static final String AUTHENTICATED_BY = "static-cidr";

    private record Entry(Cidr cidr, EdgeConfig.Identity identity) {
    }

    /**
     * Most addresses whose identity is kept; past it the memo starts over. An address's identity never changes (the map
     * is fixed at start), so each is built once: requests of one address share a Source (no message per request, and
     * the decision cache hashes and compares one instance).
     */
    static final int MEMO_ENTRIES = 16_384;

    private final List<Entry> entries;
    private final ConcurrentHashMap<InetAddress, Source> known = new ConcurrentHashMap<>();

    private CidrIdentityResolver(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Builds the resolver from {@code edge.identities}.
     *
     * @throws IllegalArgumentException naming the offending property
     */
    static CidrIdentityResolver from(Map<String, EdgeConfig.Identity> identities) {
        List<Entry> entries = new ArrayList<>();
        identities.forEach((cidr, identity) -> {
            String property = "edge.identities.\"" + cidr + "\"";
            try {
                entries.add(new Entry(Cidr.parse(cidr), identity));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
            }
            if (identity.namespace().isBlank()) {
                throw new IllegalArgumentException(property + ".namespace must not be empty");
            }
        });
        entries.sort(Comparator.comparingInt((Entry entry) -> entry.cidr().prefixLength()).reversed());
        return new CidrIdentityResolver(List.copyOf(entries));
    }

    @Override
    public Source identify(InetSocketAddress remote) {
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return resolve(remote);
        }
        Source source = known.get(address);
        if (source == null) {
            if (known.size() >= MEMO_ENTRIES) {
                known.clear();
            }
            source = resolve(remote);
            known.put(address, source);
        }
        return source;
    }

    private Source resolve(InetSocketAddress remote) {
        Source.Builder source = Source.newBuilder().setIp(SourceIdentityResolver.ipOf(remote));
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return source.build();
        }
        for (Entry entry : entries) {
            if (entry.cidr().contains(address)) {
                EdgeConfig.Identity identity = entry.identity();
                source.setNamespace(identity.namespace())
                        .setServiceAccount(identity.serviceAccount().orElse(""))
                        .putAllLabels(identity.labels())
                        .setAuthenticatedBy(AUTHENTICATED_BY);
                break;
            }
        }
        return source.build();
    }
}
