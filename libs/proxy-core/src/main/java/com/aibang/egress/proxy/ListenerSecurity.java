package com.aibang.egress.proxy;

import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Who may open a connection to the listener, and whether it speaks TLS.
 *
 * @param sourceAllowed connections from sources it rejects are closed at accept, before any byte is read
 * @param tls server TLS context (with client-certificate verification when configured); null for plain TCP
 */
public record ListenerSecurity(Predicate<InetAddress> sourceAllowed, SslContext tls) {

    /** Any source, plain TCP. */
    public static final ListenerSecurity OPEN = new ListenerSecurity(address -> true, null);

    public ListenerSecurity {
        java.util.Objects.requireNonNull(sourceAllowed, "sourceAllowed");
    }
}
