package com.aibang.egress.proxy.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a normalised host into addresses. May block: the engine calls it off the event loop. */
@FunctionalInterface
public interface HostResolver {

    /** System DNS (and the OS hosts file). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;

    /**
     * The addresses when they are known without a blocking lookup (e.g. from a hosts file read at start),
     * null when only {@link #resolve} can tell. Lets the engine answer those on the event loop.
     */
    default InetAddress[] resolveWithoutBlocking(String host) {
        return null;
    }
}
