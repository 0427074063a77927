package io.edgeway.ice;

import io.edgeway.core.spi.StunReplySink;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A candidate pair as an ICE-lite agent sees it (RFC 8445 §2.1): the local end is the socket or
 * ICE-TCP connection the check arrived on (its {@link StunReplySink}, one instance per socket or
 * connection), the remote end the address the check came from. Together they are the 5-tuple that
 * media for the participant uses once the pair is selected.
 *
 * <p>Immutable and thread-safe.
 */
public record CandidatePair(StunReplySink local, InetSocketAddress remote) {

    public CandidatePair {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    /** Whether this is the pair of {@code local} and {@code remote}; allocates nothing. */
    public boolean matches(StunReplySink local, InetSocketAddress remote) {
        return this.local.equals(local) && this.remote.equals(remote);
    }
}
