package io.edgeway.signaling.webhook;

import io.edgeway.turn.policy.PeerPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where webhooks may be sent: the TURN peer policy's address rules ({@link PeerPolicy}: loopback, private,
 * link-local, CGNAT, metadata, multicast and reserved addresses refused, canonicalised first) with the
 * operator's {@code webhook-allowed-target} ranges opened, so that an app's webhook cannot make Edgeway call
 * into its own network (server-side request forgery). A target's name is resolved at each delivery and the
 * request goes to a permitted address of that very resolution, so a name that later resolves elsewhere (DNS
 * rebinding) gains nothing. Immutable and thread-safe.
 */
public final class WebhookTargets {

    /** How a target is reached: the address to connect to, or why none may be. */
    public record Resolution(InetAddress address, String refusal) {

        public boolean permitted() {
            return address != null;
        }
    }

    /** Resolves host names; the system resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final PeerPolicy policy;
    private final Resolver resolver;

    /** @param allowed ranges opened despite the default deny list ({@code webhook-allowed-target}) */
    public WebhookTargets(List<String> allowed) {
        this(allowed, InetAddress::getAllByName);
    }

    public WebhookTargets(List<String> allowed, Resolver resolver) {
        this.policy = PeerPolicy.of(allowed, List.of(), List.of(), 0, 65535);
        this.resolver = resolver;
    }

    /**
     * The first address of {@code url}'s host that the policy permits, or the refusal naming the class of the
     * first address (for example "127.0.0.1 is loopback").
     *
     * @throws UnknownHostException when the name does not resolve (a temporary condition: retried)
     */
    public Resolution resolve(URI url) throws UnknownHostException {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses = resolver.resolve(host);
        for (InetAddress a : addresses) {
            if (policy.permitsAddress(PeerPolicy.canonicalize(a))) {
                return new Resolution(a, null);
            }
        }
        InetAddress first = PeerPolicy.canonicalize(addresses[0]);
        return new Resolution(null, host + (host.equals(first.getHostAddress()) ? "" : " (" + first.getHostAddress() + ")")
                + " is " + policy.describe(first) + ", which webhooks may not reach unless webhook-allowed-target"
                + " opens it");
    }
}
