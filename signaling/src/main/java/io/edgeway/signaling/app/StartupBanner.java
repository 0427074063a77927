package io.edgeway.signaling.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.edgeway.stun.auth.TurnRestCredentialStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place generated secrets are ever shown: a banner printed to stdout at start, only when
 * {@link DevCredentials} were generated. It gives the credentials, a TURN REST username/password
 * pair minted with the secret, and an {@code iceServers} array to paste into a WebRTC client.
 * Stateless.
 */
final class StartupBanner {

    /** Lifetime of the example REST credentials. */
    static final long EXAMPLE_REST_TTL_SECONDS = 3600;

    /** Browser-console style: one URL per line, {@code "key": value}. */
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private StartupBanner() {
    }

    /**
     * @param host       the address clients should use
     * @param hostIsGuess true when the server listens on every interface and {@code host} is loopback
     * @param udpPort    bound UDP port, or -1 when UDP is off
     * @param tcpPort    bound TCP port, or -1
     * @param tlsPort    bound TLS port, or -1
     * @param nowEpochSeconds wall-clock time, for the example REST username's expiry
     */
    static String render(DevCredentials creds, String realm, InetAddress host, boolean hostIsGuess,
                         int udpPort, int tcpPort, int tlsPort, long nowEpochSeconds) {
        String restUser = TurnRestCredentialStore.username(nowEpochSeconds + EXAMPLE_REST_TTL_SECONDS, "demo");
        String restPassword = TurnRestCredentialStore.password(creds.restSecret(), restUser);
        String h = host instanceof Inet6Address ? "[" + IpLiterals.format(host) + "]" : IpLiterals.format(host);

        StringBuilder sb = new StringBuilder();
        sb.append("\n");
        sb.append("Edgeway generated development credentials because none are configured.\n");
        sb.append("They are shown only here. Set user and/or static-auth-secret to choose your own.\n\n");
        sb.append("  realm        ").append(realm).append('\n');
        sb.append("  user         ").append(creds.user()).append('\n');
        sb.append("  password     ").append(creds.password()).append('\n');
        sb.append("  REST secret  ").append(creds.restSecret()).append("   (static-auth-secret)\n\n");
        sb.append("TURN REST credentials minted with that secret, valid for ")
                .append(EXAMPLE_REST_TTL_SECONDS / 60).append(" minutes:\n");
        sb.append("  username     ").append(restUser).append('\n');
        sb.append("  password     ").append(restPassword).append("\n\n");
        sb.append("iceServers for RTCPeerConnection");
        if (hostIsGuess) {
            sb.append(" (replace ").append(IpLiterals.format(host)).append(" with an address your clients can reach)");
        }
        sb.append(":\n");
        sb.append(iceServers(h, udpPort, tcpPort, tlsPort, creds.user(), creds.password())).append('\n');
        return sb.toString();
    }

    /** The iceServers JSON array for a static user. */
    static String iceServers(String host, int udpPort, int tcpPort, int tlsPort, String username, String credential) {
        List<Object> servers = new ArrayList<>();
        if (udpPort >= 0) {
            servers.add(Map.of("urls", List.of("stun:" + host + ":" + udpPort)));
        }
        List<String> turn = new ArrayList<>();
        if (udpPort >= 0) {
            turn.add("turn:" + host + ":" + udpPort + "?transport=udp");
        }
        if (tcpPort >= 0) {
            turn.add("turn:" + host + ":" + tcpPort + "?transport=tcp");
        }
        if (tlsPort >= 0) {
            turn.add("turns:" + host + ":" + tlsPort + "?transport=tcp");
        }
        if (!turn.isEmpty()) {
            Map<String, Object> relay = new LinkedHashMap<>();
            relay.put("urls", turn);
            relay.put("username", username);
            relay.put("credential", credential);
            servers.add(relay);
        }
        try {
            return JSON.writeValueAsString(servers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
