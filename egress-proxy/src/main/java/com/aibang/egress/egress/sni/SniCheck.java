package com.aibang.egress.egress.sni;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.http.TunnelInspector;
import com.aibang.egress.proxy.target.Target;
import io.netty.channel.ChannelHandler;

/**
 * Tunnel inspector comparing the ClientHello's server name with the CONNECT host.
 *
 * @param metrics counts refusals
 * @param allowNonTlsOn443 let non-TLS bytes through on port 443
 * @param allowMissing let a ClientHello without server name through
 * @param maxHelloBytes most bytes buffered while the ClientHello is incomplete
 */
public record SniCheck(ProxyMetrics metrics, boolean allowNonTlsOn443, boolean allowMissing, int maxHelloBytes)
        implements TunnelInspector {

    /** Reasons, in the audit line's end field, the X-Proxy-Reason log and the metric's reason tag. */
    public static final String SNI_MISMATCH = "sni_mismatch";
    public static final String SNI_MISSING = "sni_missing";
    public static final String NOT_TLS = "not_tls";
    public static final String MALFORMED = "malformed_client_hello";
    public static final String TOO_LARGE = "client_hello_too_large";

    static final int HTTPS_PORT = 443;

    public SniCheck {
        if (maxHelloBytes < 512) {
            throw new IllegalArgumentException("egress.sni.max-hello-bytes must be at least 512, got " + maxHelloBytes);
        }
    }

    @Override
    public ChannelHandler inspect(Target target, AccessEntry entry) {
        return new SniInspector(this, target, entry);
    }
}
