package io.edgeway.ice;

import io.edgeway.core.spi.StunReplySink;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One participant's ICE session on an {@link IceLiteResponder}: its credentials, the pairs it has
 * validated, the pair it has nominated for media, and the consent freshness of that pair.
 *
 * <p>Threading: the getters are safe from any thread (the credentials and the selected pair are
 * published through volatile fields). {@link #remoteCredentials(IceCredentials)} may be called from
 * the signaling thread when the remote description arrives. Everything else is mutated only on the
 * responder's thread.
 */
public final class IceParticipant {

    /** Validated pairs remembered per participant; a browser offers a handful of candidates. */
    static final int MAX_VALIDATED_PAIRS = 8;

    private final String id;
    private final IceCredentials local;
    private volatile IceCredentials remote;
    private volatile CandidatePair selected;
    private volatile boolean active = true;
    private final ConsentTracker consent;
    /** Ring of the most recently validated pairs, to report each only once. Responder thread only. */
    private final CandidatePair[] validated = new CandidatePair[MAX_VALIDATED_PAIRS];
    private int nextValidated;

    IceParticipant(String id, IceCredentials local, IceCredentials remote, ConsentTracker consent) {
        this.id = Objects.requireNonNull(id, "id");
        this.local = Objects.requireNonNull(local, "local");
        this.remote = remote;
        this.consent = consent;
    }

    /** The caller's identifier for the participant (the signaling layer's id). */
    public String id() {
        return id;
    }

    /** This side's ufrag and password: what the answer's {@code a=ice-ufrag}/{@code a=ice-pwd} carry. */
    public IceCredentials localCredentials() {
        return local;
    }

    /** The participant's ufrag and password from its SDP, or null while not yet known. */
    public IceCredentials remoteCredentials() {
        return remote;
    }

    /**
     * Sets or replaces the participant's credentials when its description arrives. Until then, checks
     * are accepted on the local credentials alone (RFC 8445 §7.3: a check may arrive before the
     * remote description, and must be answered at once); afterwards the USERNAME's second half must
     * be the remote ufrag.
     */
    public void remoteCredentials(IceCredentials remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /** The pair media uses (nominated by the participant), or null before the first nomination. */
    public CandidatePair selectedPair() {
        return selected;
    }

    /** False once removed from the responder, by the caller or because consent was lost. */
    public boolean isActive() {
        return active;
    }

    ConsentTracker consent() {
        return consent;
    }

    void select(CandidatePair pair) {
        this.selected = pair;
    }

    void deactivate() {
        this.active = false;
    }

    /** The remembered validated pair for this 5-tuple, or null. Allocates nothing. */
    CandidatePair findValidated(StunReplySink localEnd, InetSocketAddress remoteEnd) {
        for (CandidatePair pair : validated) {
            if (pair != null && pair.matches(localEnd, remoteEnd)) {
                return pair;
            }
        }
        return null;
    }

    /** Remembers a newly validated pair, forgetting the oldest when full. */
    CandidatePair addValidated(StunReplySink localEnd, InetSocketAddress remoteEnd) {
        CandidatePair pair = new CandidatePair(localEnd, remoteEnd);
        validated[nextValidated] = pair;
        nextValidated = (nextValidated + 1) % MAX_VALIDATED_PAIRS;
        return pair;
    }

    @Override
    public String toString() {
        return "IceParticipant[" + id + ", ufrag=" + local.ufrag() + "]";
    }
}
