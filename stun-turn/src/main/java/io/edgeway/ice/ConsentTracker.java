package io.edgeway.ice;

import java.time.Duration;

/**
 * Consent freshness (RFC 7675) of one participant's selected candidate pair, seen from an ICE-lite
 * agent.
 *
 * <h2>Theory of operation</h2>
 * A full agent obtains consent by sending Binding requests on its selected pair and expects a
 * response at least every 30 seconds (RFC 7675 §5.1, sent every 5 s with jitter, as browsers do).
 * A lite agent sends no checks, so it sees the same exchange from the other side: each authenticated
 * check that arrives on a pair shows that the peer is still there and still wants the media on it. This
 * tracker holds the deadline of the participant's selected pair (its last check plus the timeout; the
 * responder keeps each pair's last check and moves the selection to another nominated pair whose consent
 * holds). When none has, the peer has gone (tab closed, network lost) or no longer consents, and the
 * participant is dropped instead of being sent media forever.
 *
 * <p>States: <em>idle</em> (no pair selected yet; nothing expires, ICE's own failure handling and the
 * signaling layer cover a participant that never connects), <em>running</em> (deadline = last
 * refresh + timeout), <em>lost</em> (terminal). Expiry is a stored deadline compared lazily:
 * {@link #isExpired} at any time, {@link #nextDeadline} for the caller's timer.
 *
 * <p>Sans-I/O and confined to the owning responder's thread; time comes in as {@code Clock.nanos()}.
 */
public final class ConsentTracker {

    /** RFC 7675 §5.1: consent expires 30 seconds after it was last obtained. */
    public static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

    private final long timeoutNanos;
    private boolean running;
    private boolean lost;
    private long deadline = Long.MAX_VALUE;

    public ConsentTracker() {
        this(CONSENT_TIMEOUT);
    }

    public ConsentTracker(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Consent obtained at {@code nowNanos}: a check was answered on the selected pair, or a pair was
     * (re)selected. Starts the tracker when idle. Ignored once consent is lost: a lost participant
     * must be admitted again through signaling.
     */
    public void refresh(long nowNanos) {
        if (lost) {
            return;
        }
        running = true;
        deadline = nowNanos + timeoutNanos;
    }

    /** Whether consent had expired by {@code nowNanos}: at the deadline exactly, consent is gone. */
    public boolean isExpired(long nowNanos) {
        return lost || running && nowNanos - deadline >= 0;
    }

    /**
     * Checks the deadline; returns true exactly once, on the call that finds consent expired, after
     * which the tracker stays lost.
     */
    public boolean onTimeout(long nowNanos) {
        if (lost || !running || nowNanos - deadline < 0) {
            return false;
        }
        lost = true;
        running = false;
        deadline = Long.MAX_VALUE;
        return true;
    }

    /** When consent expires unless refreshed, or {@link Long#MAX_VALUE} while idle or lost. */
    public long nextDeadline() {
        return running ? deadline : Long.MAX_VALUE;
    }

    public boolean isRunning() {
        return running;
    }

    public boolean isLost() {
        return lost;
    }
}
