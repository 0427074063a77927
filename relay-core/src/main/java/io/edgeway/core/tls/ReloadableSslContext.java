package io.edgeway.core.tls;

import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server {@link SslContext} a TLS listener uses, replaceable at runtime (certificate renewal).
 *
 * <p><b>Contract with the listener.</b> For every accepted connection, the listener's
 * {@code ChannelInitializer} calls {@code current().newHandler(ch.alloc())} once and puts that handler
 * first in the pipeline. It must not cache the {@code SslContext}. Then:
 * <ul>
 *   <li>the next connection accepted after {@link #replace} returns is served the new certificate;</li>
 *   <li>connections accepted before keep the {@code SSLEngine} (and so the certificate and session) they
 *       were created with until they close; nothing is interrupted or renegotiated;</li>
 *   <li>TLS sessions of the old context are not resumable on the new one (each context has its own
 *       session cache): reconnecting clients do one full handshake.</li>
 * </ul>
 *
 * <p><b>Threading.</b> {@link #current()} and {@link #material()} are one volatile read each, safe from
 * any event loop. {@link #replace} builds the new context on the caller's thread (a reload thread, never
 * an event loop: it takes milliseconds) and publishes it with one volatile write; concurrent replaces are
 * serialised, the last one wins. If building fails, the old context stays in place.
 *
 * <p><b>Resources.</b> Contexts come from {@link ServerTlsContexts}, which uses the JDK provider: a JDK
 * {@code SslContext} owns no buffers or native state, so the replaced one is simply dropped and collected
 * once the last connection using it has closed. Buffers of each {@code SslHandler} belong to its channel
 * and are released when the channel closes.
 */
public final class ReloadableSslContext {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableSslContext.class);

    /** Material and the context built from it, published together so readers never see a mix. */
    private static final class Loaded {
        final TlsMaterial material;
        final SslContext context;

        Loaded(TlsMaterial material, SslContext context) {
            this.material = material;
            this.context = context;
        }
    }

    private final List<String> alpnIds;
    /** Contexts with other ALPN lists that serve the same material; replaced together with this one. */
    private final List<ReloadableSslContext> followers = new CopyOnWriteArrayList<>();
    private volatile Loaded loaded;

    /**
     * A context with TURN's ALPN labels ({@link ServerTlsContexts#ALPN_PROTOCOLS}).
     *
     * @throws SSLException if no context can be built from {@code initial}
     */
    public ReloadableSslContext(TlsMaterial initial) throws SSLException {
        this(initial, ServerTlsContexts.ALPN_PROTOCOLS);
        LOG.info("TLS material in use: {}", initial);
    }

    private ReloadableSslContext(TlsMaterial initial, List<String> alpnIds) throws SSLException {
        this.alpnIds = List.copyOf(alpnIds);
        this.loaded = new Loaded(initial, ServerTlsContexts.forServer(initial, this.alpnIds));
    }

    /**
     * A context serving this one's material with another ALPN list (the shared port's, HTTPS's) that
     * follows it: every later {@link #replace} here replaces it too, so one reload renews every listener.
     *
     * @throws SSLException if no context can be built (it cannot fail where this one was built)
     */
    public synchronized ReloadableSslContext withAlpn(List<String> ids) throws SSLException {
        ReloadableSslContext follower = new ReloadableSslContext(loaded.material, ids);
        followers.add(follower);
        return follower;
    }

    /** The ALPN ids this context selects among, in the server's order of preference. */
    public List<String> alpnIds() {
        return alpnIds;
    }

    /** The context for the next accepted connection. */
    public SslContext current() {
        return loaded.context;
    }

    /** The material behind {@link #current()}, for status and expiry metrics. */
    public TlsMaterial material() {
        return loaded.material;
    }

    /**
     * Builds a context from {@code next} and makes it {@link #current()}.
     *
     * @throws SSLException if the context cannot be built; the current one is kept
     */
    public synchronized void replace(TlsMaterial next) throws SSLException {
        Objects.requireNonNull(next, "next");
        SslContext context = ServerTlsContexts.forServer(next, alpnIds);
        List<SslContext> following = new ArrayList<>();
        for (ReloadableSslContext follower : followers) {
            following.add(ServerTlsContexts.forServer(next, follower.alpnIds));
        }
        // Every context is built before any is published: a failure leaves them all as they were.
        TlsMaterial previous = loaded.material;
        loaded = new Loaded(next, context);
        for (int i = 0; i < following.size(); i++) {
            followers.get(i).loaded = new Loaded(next, following.get(i));
        }
        LOG.info("TLS material replaced: {} (was sha256={})", next, previous.fingerprintSha256());
    }
}
