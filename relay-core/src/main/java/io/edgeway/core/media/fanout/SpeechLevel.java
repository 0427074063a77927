package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtp.AudioLevel;

/**
 * How loud one {@link RoomMember}'s audio is, from the RFC 6464 audio level its packets carry: a peak
 * that holds the loudest recent packet and decays by 1 dB per {@value #DECAY_NANOS_PER_DB} ns while
 * nothing louder arrives. The session layer samples {@link #loudness} about twice a second to pick the
 * active speaker; the peak-and-decay makes one sample stand for the last few hundred milliseconds of
 * speech, syllable gaps included, without keeping a history.
 *
 * <p>Loudness is {@code 127 - level}: 0 is silence (or no audio level seen), 127 is 0 dBov
 * (RFC 6464 §3 levels are -dBov, 127 the quietest). The V (voice activity) bit is not used: not every
 * sender sets it from a voice detector.
 *
 * <p>Three primitive fields, updated by {@link AudioLevelObserver} on the forwarding path: confined to the
 * media port's event loop, allocation-free, no locks.
 */
public final class SpeechLevel {

    /** 10 ms per dB: a peak falls 50 dB in 500 ms, from speech to the noise floor between two samples. */
    public static final long DECAY_NANOS_PER_DB = 10_000_000L;

    /** This member's ID of the audio level extension, 0 when it negotiated none. */
    private int extensionId;
    private int peak;
    private long peakAtNanos;
    /** When the last packet with a level arrived; Long.MIN_VALUE before any. */
    private long levelSeenNanos = Long.MIN_VALUE;
    /** The loudest packet since the last {@link #takeLoudestSinceLastTake}. */
    private int loudestSinceTake;

    SpeechLevel() {
    }

    /** The member's negotiated ID of {@link AudioLevel#URI}, 0 for none. */
    public int extensionId() {
        return extensionId;
    }

    void extensionId(int id) {
        this.extensionId = id;
    }

    /**
     * One packet's level.
     *
     * @param level RFC 6464 level in -dBov, 0 (loudest) to 127
     */
    void observe(long nowNanos, int level) {
        levelSeenNanos = nowNanos;
        int loudness = AudioLevel.MAX_LEVEL - level;
        loudestSinceTake = Math.max(loudestSinceTake, loudness);
        if (loudness >= loudness(nowNanos)) {
            peak = loudness;
            peakAtNanos = nowNanos;
        }
    }

    /**
     * Whether a packet carried a level within {@code windowNanos}: a sender that negotiated the extension
     * but never writes it (some stacks relay encoder output as is) has nothing to rank it by.
     */
    public boolean levelSeenWithin(long nowNanos, long windowNanos) {
        return levelSeenNanos != Long.MIN_VALUE && nowNanos - levelSeenNanos <= windowNanos;
    }

    /**
     * For a reader that samples seldom (the session's active speaker, twice a second): the loudest of every
     * packet since its previous call and of the decayed peak now, then forgets the packets. Half a second
     * apart, the decayed peak alone would see speech only when a sample fell within a few hundred
     * milliseconds of a loud syllable (less for quiet speech near the threshold), and a whole turn of speech
     * could pass unannounced.
     */
    public int takeLoudestSinceLastTake(long nowNanos) {
        int loudest = Math.max(loudestSinceTake, loudness(nowNanos));
        loudestSinceTake = 0;
        return loudest;
    }

    /** The decayed peak at {@code nowNanos}: 0 (silence) to 127 (0 dBov). */
    public int loudness(long nowNanos) {
        long elapsed = nowNanos - peakAtNanos;
        if (peak == 0 || elapsed <= 0) {
            return peak;
        }
        long drop = elapsed / DECAY_NANOS_PER_DB;
        return drop >= peak ? 0 : peak - (int) drop;
    }
}
