package io.edgeway.ice;

import io.edgeway.core.spi.StunReplySink;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One participant's ICE session on an {@link IceLiteResponder}: its credentials, the pairs its checks
 * validated (each with its nominated flag, its priority and when it was last checked), the pair selected
 * for media, and the consent freshness of that pair.
 *
 * <p>Threading: the getters are safe from any thread (the credentials and the selected pair are
 * published through volatile fields). {@link #remoteCredentials(IceCredentials)} may be called from
 * the signaling thread when the remote description arrives. Everything else is mutated only on the
 * responder's thread.
 */
public final class IceParticipant {

    /** Validated pairs remembered per participant; a browser offers a handful of candidates. */
    static final int MAX_VALIDATED_PAIRS = 8;

    /**
     * A pair the participant's checks validated, as the responder sees it. Responder thread only.
     */
    static final class ValidatedPair {
        final CandidatePair pair;
        /** RFC 8445 §7.3.2: set by an accepted check with USE-CANDIDATE. */
        boolean nominated;
        /** RFC 8445 §6.1.2.3, set when nominated. */
        long priority;
        /** The last authenticated check on the pair: RFC 7675 consent for its 5-tuple runs from here. */
        long lastCheckNanos;

        ValidatedPair(CandidatePair pair) {
            this.pair = pair;
        }
    }

    private final String id;
    private final IceCredentials local;
    private volatile IceCredentials remote;
    private volatile CandidatePair selected;
    private volatile boolean active = true;
    private final ConsentTracker consent;
    /** Ring of the most recently validated pairs. Responder thread only. */
    private final ValidatedPair[] validated = new ValidatedPair[MAX_VALIDATED_PAIRS];
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

    /** The pair media uses, or null before the first nomination. */
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
    ValidatedPair findValidated(StunReplySink localEnd, InetSocketAddress remoteEnd) {
        for (ValidatedPair v : validated) {
            if (v != null && v.pair.matches(localEnd, remoteEnd)) {
                return v;
            }
        }
        return null;
    }

    /**
     * Remembers a newly validated pair, forgetting the oldest one that is not selected when full (the
     * selected pair is never forgotten while selected: its consent is what keeps the participant).
     */
    ValidatedPair addValidated(StunReplySink localEnd, InetSocketAddress remoteEnd) {
        ValidatedPair added = new ValidatedPair(new CandidatePair(localEnd, remoteEnd));
        for (int i = 0; i < MAX_VALIDATED_PAIRS; i++) {
            int slot = (nextValidated + i) % MAX_VALIDATED_PAIRS;
            ValidatedPair old = validated[slot];
            if (old == null || old.pair != selected) {
                validated[slot] = added;
                nextValidated = (slot + 1) % MAX_VALIDATED_PAIRS;
                return added;
            }
        }
        throw new IllegalStateException("every validated pair is selected"); // cannot happen: one is
    }

    /**
     * The nominated pair with the highest priority whose consent has not expired at {@code nowNanos}
     * ({@code consentNanos} after its last check), or null. Of equal priorities the earliest validated wins.
     */
    ValidatedPair bestNominated(long nowNanos, long consentNanos) {
        ValidatedPair best = null;
        for (int i = 0; i < MAX_VALIDATED_PAIRS; i++) {
            // Oldest first, so that on equal priority the earlier nomination stays.
            ValidatedPair v = validated[(nextValidated + i) % MAX_VALIDATED_PAIRS];
            if (v != null && v.nominated && nowNanos - v.lastCheckNanos < consentNanos
                    && (best == null || v.priority > best.priority)) {
                best = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "IceParticipant[" + id + ", ufrag=" + local.ufrag() + "]";
    }
}
