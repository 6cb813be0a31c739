package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IP literals as requests and forwarding headers carry them, parsed without a name lookup and checked against the
 * JDK's own parser; and the CIDR blocks of {@code qhtrack.trusted-proxies}.
 */
class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "192.0.2.255", "255.255.255.255", "::", "::1", "1::",
        "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "2001:db8:1:2:3:4:5:6", "fe80::1:2", "::ffff:c000:280",
        "2001:db8::192.0.2.1", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "ff02::1"})
    void literalsParseAsTheJdkParsesThem(String literal) throws Exception {
        assertThat(IpAddresses.parse(literal)).isEqualTo(InetAddress.getByName(literal).getAddress());
    }

    @ParameterizedTest
    @CsvSource({"::ffff:192.0.2.1, 192.0.2.1", "::FFFF:10.1.2.3, 10.1.2.3", "fe80::1%eth0, fe80::1"})
    void mappedAddressesAreTheirIpv4AddressAndZonesAreIgnored(String literal, String same) throws Exception {
        assertThat(IpAddresses.parse(literal)).isEqualTo(InetAddress.getByName(same).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
        "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "1..3.4", ":", ":::", "1:2", "1:::2", "1::2::3", "12345::1",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "g::1", "::1.2.3", "1.2.3.4::", "2001:db8::1:", ":2001:db8::1",
        "unknown", "_hidden", "[::1]", "0x7f.0.0.1", "１.２.３.４"})
    void anythingElseIsNoAddress(String text) {
        assertThat(IpAddresses.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"198.51.100.1:4711 | 198.51.100.1", "[2001:db8::17]:4711 | 2001:db8::17",
        "\"[2001:db8::17]:4711\" | 2001:db8::17", " 198.51.100.1 | 198.51.100.1", "[2001:db8::17] | 2001:db8::17",
        "2001:db8::17 | 2001:db8::17", "\"198.51.100.1\" | 198.51.100.1"})
    void nodesAsForwardingHeadersWriteThem(String node, String address) throws Exception {
        assertThat(IpAddresses.parseNode(node)).isEqualTo(InetAddress.getByName(address).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "_hidden", "\"_x:1\"", "[198.51.100.1]", "198.51.100.1:", "198.51.100.1:x",
        "198.51.100.1:123456", "[2001:db8::17", "[2001:db8::17]:", "[2001:db8::17]x", "\"\""})
    void otherNodesAreNoAddress(String node) {
        assertThat(IpAddresses.parseNode(node)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8       | 10.255.1.2    | true",
        "10.0.0.0/8       | 11.0.0.1      | false",
        "10.1.2.3/8       | 10.9.9.9      | true",
        "192.168.1.10     | 192.168.1.10  | true",
        "192.168.1.10     | 192.168.1.11  | false",
        "172.16.0.0/12    | 172.31.255.1  | true",
        "172.16.0.0/12    | 172.32.0.1    | false",
        "0.0.0.0/0        | 203.0.113.1   | true",
        "0.0.0.0/0        | 2001:db8::1   | false",
        "2001:db8::/32    | 2001:db8:ffff::1 | true",
        "2001:db8::/32    | 2001:db9::1   | false",
        "::1              | ::1           | true",
        "::ffff:10.0.0.0/104 | 10.2.3.4   | true",
        "10.0.0.0/8       | ::ffff:10.2.3.4 | true",
        "fd00::/7         | fdff::1       | true",
        "fd00::/7         | fe00::1       | false",
    })
    void cidrBlocksContainTheirAddresses(String block, String address, boolean trusted) {
        assertThat(TrustedProxies.of(block, false).trusts(IpAddresses.parse(address))).isEqualTo(trusted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", " NONE "})
    void theDocumentedDefaultNamesNoProxy(String value) {
        TrustedProxies none = TrustedProxies.of(value, false);

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.trusts(IpAddresses.parse("127.0.0.1"))).isFalse();
        assertThat(Setting.TRUSTED_PROXIES.defaultValue()).isEqualTo(TrustedProxies.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.internal", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x",
        "10.0.0.0/-1", "", "10.0.0.1,", "10.0.0.0/8 10.0.0.1", "*"})
    void aTrustedProxyThatIsNoAddressOrBlockFailsNamingTheSetting(String value) {
        assertThatThrownBy(() -> TrustedProxies.of(value, false)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.trusted-proxies").hasMessageContaining("never looked up");
    }
}
