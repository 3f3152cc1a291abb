package com.aibang.egress.edge;

import com.aibang.egress.proxy.SpliceConfigContract;

/** edge.splice.* stop the edge proxy's start when bad, naming the property (the checks: {@link SpliceConfigContract}). */
class EdgeSpliceConfigTest extends SpliceConfigContract {

    EdgeSpliceConfigTest() {
        super("edge", EdgeConfig.class, config -> {
            EdgeProxy proxy = new EdgeProxy();
            proxy.config = config;
            return new UnstartedProxy(() -> proxy.onStart(null), proxy::boundAddress);
        });
    }
}
