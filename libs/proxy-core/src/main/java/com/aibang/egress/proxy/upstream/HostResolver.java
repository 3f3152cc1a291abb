package com.aibang.egress.proxy.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a normalised host into addresses. May block: the engine calls it off the event loop. */
@FunctionalInterface
public interface HostResolver {

    /** System DNS (and the OS hosts file). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
