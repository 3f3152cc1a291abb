package com.aibang.egress.edge;

import com.aibang.egress.proxy.TierConfigMapping;
import com.aibang.egress.proxy.policy.PolicySettingsMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The names and defaults declared once in proxy-core apply under edge: PolicyClientSettings under edge.policy,
 * ProxyTierConfig (listen, timeouts) and the ticket algorithm under edge.
 */
class EdgePolicyDefaultsTest {

    @Test
    void unsetPropertiesTakeTheSharedDefaults() {
        PolicySettingsMapping.assertDefaults(PolicySettingsMapping.map(EdgeConfig.class, Map.of()).policy());
    }

    @Test
    void everySettingIsReadUnderItsEdgeName() {
        PolicySettingsMapping.assertEverySettingChanged(PolicySettingsMapping.map(EdgeConfig.class,
                PolicySettingsMapping.everySettingChanged("edge.policy")).policy());
    }

    @Test
    void unsetListenTimeoutAndTicketPropertiesTakeTheSharedDefaults() {
        EdgeConfig config = PolicySettingsMapping.map(EdgeConfig.class, Map.of());
        TierConfigMapping.assertDefaults(config);
        TierConfigMapping.assertDefaultTicketAlgorithm(config.ticket());
    }

    @Test
    void everySharedSettingIsReadUnderItsEdgeName() {
        EdgeConfig config = PolicySettingsMapping.map(EdgeConfig.class, TierConfigMapping.everySettingChanged("edge"));
        TierConfigMapping.assertEverySettingChanged(config, config.ticket());
    }
}
