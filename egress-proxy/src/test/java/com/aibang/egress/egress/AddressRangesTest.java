package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.aibang.egress.proxy.guard.AddressRanges;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses the SSRF guard refuses, including IPv4 embedded in IPv6. */
class AddressRangesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "::1, loopback", "10.0.0.1, private", "172.16.0.1, private",
            "172.31.255.255, private", "192.168.1.1, private", "169.254.169.254, link_local", "fe80::1, link_local",
            "100.64.0.1, cgnat", "100.127.255.255, cgnat", "0.0.0.0, unspecified", "::, unspecified",
            "224.0.0.1, multicast", "ff02::1, multicast", "fd00::1, unique_local", "fc00::1, unique_local",
            "255.255.255.255, reserved",
            "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link_local", "64:ff9b::a9fe:a9fe, link_local",
            "64:ff9b::7f00:1, loopback", "2002:a00:1::1, private", "2002:a9fe:a9fe::, link_local",
            "::10.0.0.1, private"})
    void guarded(String address, String range) throws Exception {
        assertEquals(range, AddressRanges.guardedRange(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesPass(String address) throws Exception {
        assertNull(AddressRanges.guardedRange(InetAddress.getByName(address)));
    }
}
