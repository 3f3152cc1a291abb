package com.aibang.egress.proxy.upstream;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Resolves names from a file in /etc/hosts format first, then asks a fallback resolver. */
public final class HostsFileResolver implements HostResolver {

    private final Map<String, List<InetAddress>> entries;
    private final HostResolver fallback;

    private HostsFileResolver(Map<String, List<InetAddress>> entries, HostResolver fallback) {
        this.entries = entries;
        this.fallback = fallback;
    }

    /**
     * Reads the file once.
     *
     * @throws IllegalArgumentException naming file and line when the file cannot be read or a line is invalid
     */
    public static HostsFileResolver load(Path file, HostResolver fallback) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hosts file " + file + ": " + e.getMessage(), e);
        }
        Map<String, List<InetAddress>> entries = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            byte[] address = NetUtil.createByteArrayFromIpAddressString(fields[0]);
            if (address == null || fields.length < 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '<ip> <name>...', got: " + line);
            }
            InetAddress inet = toInet(address, file, i);
            for (int f = 1; f < fields.length; f++) {
                entries.computeIfAbsent(key(fields[f]), k -> new ArrayList<>()).add(inet);
            }
        }
        return new HostsFileResolver(Map.copyOf(entries), fallback);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> found = entries.get(key(host));
        if (found != null) {
            return found.toArray(InetAddress[]::new);
        }
        return fallback.resolve(host);
    }

    /** Names in the file are answered at once; others only when the fallback can answer without blocking. */
    @Override
    public InetAddress[] resolveWithoutBlocking(String host) {
        List<InetAddress> found = entries.get(key(host));
        if (found != null) {
            return found.toArray(InetAddress[]::new);
        }
        return fallback.resolveWithoutBlocking(host);
    }

    private static InetAddress toInet(byte[] address, Path file, int index) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(file + ":" + (index + 1) + ": invalid address", e);
        }
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
