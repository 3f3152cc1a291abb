package com.aibang.egress.egress;

import com.aibang.egress.proxy.SpliceConfigContract;

/** egress.splice.* stop the egress proxy's start when bad, naming the property (the checks: {@link SpliceConfigContract}). */
class EgressSpliceConfigTest extends SpliceConfigContract {

    EgressSpliceConfigTest() {
        super("egress", EgressConfig.class, config -> {
            EgressProxy proxy = new EgressProxy();
            proxy.config = config;
            return new UnstartedProxy(() -> proxy.onStart(null), proxy::boundAddress);
        });
    }
}
