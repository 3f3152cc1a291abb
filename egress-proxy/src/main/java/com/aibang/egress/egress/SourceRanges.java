package com.aibang.egress.egress;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The CIDR ranges a connection may come from (egress.allowed-source-cidrs). */
final class SourceRanges implements Predicate<InetAddress> {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private SourceRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException naming the first invalid entry */
    static SourceRanges parse(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.trim();
            int slash = cidr.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("egress.allowed-source-cidrs: '" + raw + "' is not an IP or CIDR");
            }
            int max = network.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("egress.allowed-source-cidrs: '" + raw + "' has an invalid prefix");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("egress.allowed-source-cidrs: '" + raw + "' prefix must be 0.." + max);
            }
            ranges.add(new Range(network, prefix));
        }
        return new SourceRanges(List.copyOf(ranges));
    }

    @Override
    public boolean test(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
