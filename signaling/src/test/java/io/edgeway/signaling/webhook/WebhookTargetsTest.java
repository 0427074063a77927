package io.edgeway.signaling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where webhooks may go: the TURN peer policy's deny list applies to every address a target's name resolves to,
 * {@code webhook-allowed-target} opens ranges, and the address returned is one of that very resolution (the
 * names here resolve through a table, as a DNS answer would).
 */
class WebhookTargetsTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "internal.example.com", List.of("10.1.2.3"),
            "mixed.example.com", List.of("192.168.1.5", "93.184.216.35"),
            "rebind.example.com", List.of("169.254.169.254"));

    private static WebhookTargets targets(List<String> allowed) {
        return new WebhookTargets(allowed, host -> {
            List<String> ips = DNS.get(host);
            if (ips == null) {
                return new InetAddress[] {InetAddress.getByName(host)};   // literals only
            }
            InetAddress[] out = new InetAddress[ips.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(ips.get(i));
            }
            return out;
        });
    }

    @Test
    void aPublicNameIsReachedAtTheAddressItResolvedTo() throws Exception {
        WebhookTargets.Resolution r = targets(List.of()).resolve(URI.create("https://hooks.example.com/rtk"));
        assertThat(r.permitted()).isTrue();
        assertThat(r.address().getHostAddress()).isEqualTo("93.184.216.34");
    }

    @Test
    void loopbackPrivateAndMetadataAreRefusedNamingWhy() throws Exception {
        WebhookTargets t = targets(List.of());
        assertThat(t.resolve(URI.create("http://127.0.0.1:8080/x")).refusal()).startsWith("127.0.0.1 is loopback")
                .contains("webhook-allowed-target");
        assertThat(t.resolve(URI.create("http://[::1]/x")).refusal()).contains("loopback");
        assertThat(t.resolve(URI.create("http://[::ffff:10.0.0.1]/x")).refusal()).as("IPv4-mapped: judged as IPv4")
                .contains("private");
        assertThat(t.resolve(URI.create("http://internal.example.com/x")).refusal())
                .isEqualTo("internal.example.com (10.1.2.3) is private, which webhooks may not reach unless"
                        + " webhook-allowed-target opens it");
        assertThat(t.resolve(URI.create("http://rebind.example.com/x")).refusal()).contains("metadata");
    }

    @Test
    void aNameWithAPublicAndAPrivateAddressGoesToThePublicOne() throws Exception {
        assertThat(targets(List.of()).resolve(URI.create("http://mixed.example.com/")).address().getHostAddress())
                .isEqualTo("93.184.216.35");
    }

    @Test
    void allowedRangesOpenOnlyThemselves() throws Exception {
        WebhookTargets t = targets(List.of("127.0.0.0/8"));
        assertThat(t.resolve(URI.create("http://127.0.0.1:9/x")).permitted()).isTrue();
        assertThat(t.resolve(URI.create("http://10.0.0.1/x")).permitted()).isFalse();
    }

    @Test
    void aNameThatDoesNotResolveIsReportedNotRefused() {
        WebhookTargets t = new WebhookTargets(List.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> t.resolve(URI.create("http://nowhere.invalid/"))).isInstanceOf(UnknownHostException.class);
    }
}
