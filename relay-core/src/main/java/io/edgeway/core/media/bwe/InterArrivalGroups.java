package io.edgeway.core.media.bwe;

/**
 * Groups acknowledged packets into the bursts a sender emits together and yields the delay variation
 * between consecutive groups (draft-ietf-rmcat-gcc-02 §5.2 and its pre-filtering): packets sent within
 * {@link #BURST_NANOS} of a group's first packet belong to it, and so does a packet that arrives within
 * {@link #BURST_NANOS} of the group's last one with a negative delay variation (it queued behind the group
 * on a link that delivers in bursts), as long as the group lasts under {@link #MAX_BURST_NANOS}.
 *
 * <p>Feed packets in sending order ({@link #add}); when a packet starts a new group and two complete groups
 * exist, {@code add} returns true and {@link #sendDeltaNanos()}, {@link #arrivalDeltaNanos()} and
 * {@link #arrivalNanos()} describe the two groups. Times: send times on the SFU's clock, arrival times on
 * the receiver's, both in nanoseconds; only differences are used. Confined to the media loop;
 * allocation-free.
 */
public final class InterArrivalGroups {

    /** The draft's burst time: packets sent within 5 ms are one group. */
    static final long BURST_NANOS = 5_000_000L;
    static final long MAX_BURST_NANOS = 100_000_000L;
    /** An arrival clock that jumps by more than this resets the grouping (the receiver restarted its clock). */
    static final long ARRIVAL_JUMP_NANOS = 3_000_000_000L;

    private boolean hasCurrent;
    private long currentFirstSend;
    private long currentLastSend;
    private long currentFirstArrival;
    private long currentLastArrival;
    private boolean hasPrevious;
    private long previousLastSend;
    private long previousLastArrival;

    private long sendDelta;
    private long arrivalDelta;
    private long arrival;

    /**
     * Adds an acknowledged packet.
     *
     * @return true when a group just completed after a previous one: the deltas are readable
     */
    public boolean add(long sendNanos, long arrivalNanos) {
        if (!hasCurrent) {
            startGroup(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < currentFirstSend) {
            // Sent before the group began: a reordered report of an older packet, nothing to learn.
            return false;
        }
        if (belongsToCurrent(sendNanos, arrivalNanos)) {
            currentLastSend = Math.max(currentLastSend, sendNanos);
            currentLastArrival = Math.max(currentLastArrival, arrivalNanos);
            return false;
        }
        boolean complete = false;
        if (hasPrevious) {
            sendDelta = currentLastSend - previousLastSend;
            arrivalDelta = currentLastArrival - previousLastArrival;
            arrival = currentLastArrival;
            if (arrivalDelta < 0 || Math.abs(arrivalDelta - sendDelta) > ARRIVAL_JUMP_NANOS) {
                // The arrival clock went backwards or jumped: start over from this packet.
                reset();
                startGroup(sendNanos, arrivalNanos);
                return false;
            }
            complete = true;
        }
        previousLastSend = currentLastSend;
        previousLastArrival = currentLastArrival;
        hasPrevious = true;
        startGroup(sendNanos, arrivalNanos);
        return complete;
    }

    /** Forgets every group. */
    public void reset() {
        hasCurrent = false;
        hasPrevious = false;
    }

    /** Between the last sends of the two groups {@link #add} just compared. */
    public long sendDeltaNanos() {
        return sendDelta;
    }

    /** Between the last arrivals of the two groups {@link #add} just compared. */
    public long arrivalDeltaNanos() {
        return arrivalDelta;
    }

    /** The last arrival of the later group. */
    public long arrivalNanos() {
        return arrival;
    }

    private boolean belongsToCurrent(long sendNanos, long arrivalNanos) {
        if (sendNanos - currentFirstSend <= BURST_NANOS) {
            return true;
        }
        long arrivalGap = arrivalNanos - currentLastArrival;
        long variation = arrivalGap - (sendNanos - currentLastSend);
        return arrivalGap < BURST_NANOS && variation < 0 && arrivalNanos - currentFirstArrival < MAX_BURST_NANOS;
    }

    private void startGroup(long sendNanos, long arrivalNanos) {
        hasCurrent = true;
        currentFirstSend = sendNanos;
        currentLastSend = sendNanos;
        currentFirstArrival = arrivalNanos;
        currentLastArrival = arrivalNanos;
    }
}
