package io.edgeway.signaling.app;

import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.stun.auth.CompositeCredentialStore;
import io.edgeway.stun.auth.CredentialStore;
import io.edgeway.stun.auth.ReloadableCredentialStore;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.core.TurnServerContext;
import io.edgeway.turn.netty.TurnServer;
import io.edgeway.turn.policy.PeerPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload (SIGHUP, a changed file, or {@code POST /admin/reload}): reads the configuration again
 * from the same places it came from at start, validates it whole, and applies what can change under
 * running flows — TLS certificate and key (the next TLS client gets the new one), static users and REST
 * secrets, quotas, and peer policy. Existing allocations keep their credentials and relays. Settings
 * that need new sockets (ports, addresses, relay range) are reported as needing a restart and left as
 * they are. An invalid configuration changes nothing.
 */
public final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** Keys applied live; every other key needs a restart. */
    private static final Set<ConfigKey<?>> LIVE = Set.of(ConfigKeys.CERT, ConfigKeys.PKEY, ConfigKeys.USER,
            ConfigKeys.USE_AUTH_SECRET, ConfigKeys.STATIC_AUTH_SECRET, ConfigKeys.USER_QUOTA, ConfigKeys.TOTAL_QUOTA,
            ConfigKeys.ALLOWED_PEER_IP, ConfigKeys.DENIED_PEER_IP);

    private final String[] args;
    private final Map<String, String> env;
    private final RandomGenerator random;
    private final PrintStream notices;
    private EdgewayConfig current;
    private CredentialDecorator decorator = (config, base) -> base;
    private ReloadableSslContext tls;

    /**
     * Adds to the TURN server's credential store built from a configuration what the rest of the process
     * needs there (the control plane's TURN credentials and revocations), at start and on every reload.
     */
    @FunctionalInterface
    public interface CredentialDecorator {
        CredentialStore decorate(EdgewayConfig config, CredentialStore base);
    }

    public ConfigReloader(String[] args, Map<String, String> env, RandomGenerator random, PrintStream notices,
            EdgewayConfig initial) {
        this.args = args.clone();
        this.env = Map.copyOf(env);
        this.random = random;
        this.notices = notices;
        this.current = initial;
    }

    /**
     * The process's TLS context, which TURN's TLS listeners, HTTPS and the shared port serve (each through
     * its own ALPN list, following this one); a reload of cert and pkey replaces it. Without one, the TURN
     * server's own context is reloaded.
     */
    public synchronized void tls(ReloadableSslContext context) {
        this.tls = context;
    }

    /** Sets what every reload applies to the credential store it builds. */
    public synchronized void credentialDecorator(CredentialDecorator next) {
        this.decorator = next;
    }

    /** The configuration in force. */
    public synchronized EdgewayConfig current() {
        return current;
    }

    /**
     * Reloads and applies; returns a one-line summary.
     *
     * @throws IllegalArgumentException with every problem when the new configuration is invalid
     */
    public synchronized String reload(TurnServer server) throws Exception {
        ConfigLoader.Outcome outcome = ConfigLoader.load(args, env, random, notices);
        if (outcome instanceof ConfigLoader.Invalid) {
            List<String> problems = ((ConfigLoader.Invalid) outcome).problems();
            LOG.warn("reload refused, configuration invalid: {}", problems);
            throw new IllegalArgumentException("invalid configuration, nothing changed: " + String.join("; ", problems));
        }
        if (!(outcome instanceof ConfigLoader.Loaded)) {
            throw new IllegalStateException("reload produced no configuration");
        }
        EdgewayConfig next = ((ConfigLoader.Loaded) outcome).config();
        TurnServerConfig turn = next.toTurnServerConfig();
        TurnServerContext context = server.context();
        List<String> applied = new ArrayList<>();

        // TLS first: if the new certificate does not load, nothing else changes either.
        ReloadableSslContext served = tls != null ? tls : server.tls();
        if (served != null && turn.certificateFile() != null) {
            TlsMaterial material = TlsMaterial.fromPem(turn.certificateFile(), turn.privateKeyFile());
            if (!material.fingerprintSha256().equals(served.material().fingerprintSha256())) {
                served.replace(material);
                applied.add("tls certificate (expires " + material.notAfter() + ")");
            }
        }
        // Generated development credentials stay as they were: a reload must not log anyone out.
        if (next.generatedCredentials().isEmpty() || current.generatedCredentials().isEmpty()) {
            CredentialStore store = decorator.decorate(next, CompositeCredentialStore.of(turn));
            CredentialStore live = context.credentials();
            if (live instanceof ReloadableCredentialStore) {
                ((ReloadableCredentialStore) live).replace(store);
            } else {
                context.credentials(new ReloadableCredentialStore(store));
            }
            applied.add("credentials (" + turn.staticUsers().size() + " static user(s), "
                    + turn.authSecrets().size() + " REST secret(s))");
        }
        context.quotas().limits(turn.userQuota(), turn.totalQuota());
        applied.add("quotas");
        // The SFU's media port stays open as a peer: it is the same socket before and after the reload.
        context.peerPolicy(PeerPolicy.of(turn.allowedPeerRanges(), turn.deniedPeerRanges(),
                context.advertisedRelayAddresses(), context.config().minPort(), context.config().maxPort())
                .withMediaEndpoints(context.peerPolicy().mediaEndpoints()));
        applied.add("peer policy");

        List<String> restart = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (!LIVE.contains(key) && !Objects.equals(current.get(key), next.get(key))) {
                restart.add(key.name());
            }
        }
        current = next;
        String summary = "reloaded: " + String.join(", ", applied)
                + (restart.isEmpty() ? "" : "; needs a restart to change: " + String.join(", ", restart));
        if (restart.isEmpty()) {
            LOG.info(summary);
        } else {
            LOG.warn(summary);
        }
        return summary;
    }
}
