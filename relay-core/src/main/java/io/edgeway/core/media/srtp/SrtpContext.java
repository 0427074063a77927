package io.edgeway.core.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * The SRTP cryptographic context of one SSRC in one direction (RFC 3711 §3.2): protects outgoing or
 * unprotects incoming RTP packets in place, keeps the rollover counter and the replay window.
 *
 * <h2>Theory of operation</h2>
 * Every packet's 48-bit index is {@code i = 2^16 * ROC + SEQ}. The context remembers the highest
 * index it accepted; for each packet it guesses the ROC from that and the packet's sequence number
 * (RFC 3711 §3.3.1 and Appendix A: the guess is ROC-1, ROC or ROC+1, whichever puts the index
 * nearest the highest), rejects an index the replay window has seen or left behind (§3.3.2), and
 * only after the tag verified does it accept the index, which may move the ROC and the window
 * (§3.3 step 6). A forged packet therefore never changes state.
 *
 * <p>The sending side runs the same bookkeeping: it derives the ROC from the sequence numbers it is
 * given (so forwarded packets that arrive slightly out of order still get the right ROC), and it
 * refuses to protect an index twice ({@link SrtpResult#REPLAYED}) because that would reuse keystream
 * (RFC 3711 §9.1), which with GCM discloses the authentication key. The one exception is
 * {@link #protectRetransmission}: the very same packet again, which produces the very same bytes and so
 * reveals nothing new; RTX (RFC 4588), with its own SSRC and sequence numbers, needs no exception.
 *
 * <h2>Buffers</h2>
 * {@link #protect} and {@link #unprotect} borrow the buffer: they work on its readable bytes in place
 * and move its writer index, never its reader index, and never retain or release it. On any result
 * other than {@link SrtpResult#OK} the buffer is unchanged. {@link #protect} appends the tag after
 * the writer index: <b>the caller must provide {@link SrtpProfile#rtpTrailerLength()} writable bytes</b>
 * (a fan-out copy is allocated with that headroom); the buffer is never reallocated. Heap buffers are
 * transformed in their backing array; other buffers (direct, composite) are copied to a scratch array
 * and back. Header extensions and CSRCs stay in the clear and are authenticated (no RFC 6904/9335
 * header encryption); MKIs are not used (DTLS-SRTP, RFC 5764 §4.1.4 makes them optional).
 *
 * <h2>Threading</h2>
 * Not thread-safe and allocation-free per packet with {@code SRTP_AES128_CM_HMAC_SHA1_80} (GCM: see
 * {@link AesGcmTransform}). Confined to one thread, like the {@link SrtpSession} that creates it.
 */
public final class SrtpContext {

    /** Larger than any UDP payload; longer packets are {@link SrtpResult#MALFORMED}. */
    static final int MAX_PACKET_LENGTH = 65_535;

    private static final long MAX_ROC = 0xFFFF_FFFFL;

    private int ssrc;
    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final ReplayWindow window;
    private final CryptoScratch scratch;

    SrtpContext(int ssrc, SrtpSessionKeys keys, int replayWindowSize, CryptoScratch scratch) {
        this.ssrc = ssrc;
        this.profile = keys.profile();
        this.scratch = scratch;
        this.transform = SrtpTransform.create(keys, scratch);
        this.window = new ReplayWindow(replayWindowSize);
    }

    public int ssrc() {
        return ssrc;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The rollover counter of the highest accepted index (RFC 3711 §3.3.1), 0 before the first packet. */
    public long rolloverCounter() {
        return window.started() ? window.highest() >>> 16 : 0;
    }

    /** The highest index protected or accepted so far, or -1 before the first packet. */
    public long highestIndex() {
        return window.highest();
    }

    /**
     * Encrypts the RTP packet in {@code packet}'s readable bytes and appends the tag, moving the writer
     * index by {@link SrtpProfile#rtpTrailerLength()}. Borrows the buffer.
     */
    public SrtpResult protect(ByteBuf packet) {
        return protect(packet, false);
    }

    /**
     * Protects again a packet this context already protected, to answer a NACK (RFC 4585 §6.2.1) with a
     * retransmission on the same SSRC and sequence number. The index is estimated from the sequence
     * number exactly as for a first transmission (RFC 3711 §3.3.1, so a packet sent before the last
     * rollover gets ROC-1) and must not lie beyond the highest index protected so far; the replay window
     * is neither checked nor moved.
     *
     * <p><b>Contract:</b> the packet must be byte for byte the one first protected at that index. Then
     * the output is byte for byte the first output: the same keystream encrypts the same payload (RFC 3711
     * §9.1 forbids reusing keystream on different data), and for AEAD the same nonce authenticates the same
     * associated data (an IV reused on other data or another header would reveal GCM's hash key, which is
     * why RFC 7714's security considerations forbid IV reuse). Nothing
     * here can check that; {@code MediaRoom} ensures it by rebuilding the copy from the same decrypted
     * packet, extension table and transport-wide sequence number.
     *
     * @return {@link SrtpResult#NEVER_SENT} for an index above the highest protected one (or before the
     *     first packet): that is a first transmission, which goes through {@link #protect}
     */
    public SrtpResult protectRetransmission(ByteBuf packet) {
        return protect(packet, true);
    }

    private SrtpResult protect(ByteBuf packet, boolean retransmission) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (length < RtpHeaders.RTP_FIXED_HEADER_LENGTH) {
            return SrtpResult.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH) {
            return SrtpResult.MALFORMED;
        }
        int headerLength = RtpHeaders.rtpHeaderLength(packet, start, length);
        if (headerLength < 0) {
            return SrtpResult.MALFORMED;
        }
        if (RtpHeaders.rtpSsrc(packet, start) != ssrc) {
            return SrtpResult.WRONG_SSRC;
        }
        int trailer = profile.rtpTrailerLength();
        if (packet.writableBytes() < trailer) {
            return SrtpResult.NO_TAILROOM;
        }
        long index = estimateIndex(RtpHeaders.sequenceNumber(packet, start));
        SrtpResult indexResult = retransmission ? judgeRetransmission(index) : judge(index);
        if (indexResult != SrtpResult.OK) {
            return indexResult;
        }
        int protectedLength;
        if (packet.hasArray()) {
            protectedLength = transform.protectRtp(packet.array(), packet.arrayOffset() + start, headerLength,
                    length, ssrc, index);
        } else {
            byte[] copy = scratch.packet(length + trailer);
            packet.getBytes(start, copy, 0, length);
            protectedLength = transform.protectRtp(copy, 0, headerLength, length, ssrc, index);
            packet.setBytes(start + headerLength, copy, headerLength, protectedLength - headerLength);
        }
        packet.writerIndex(start + protectedLength);
        if (!retransmission) {
            window.accept(index);
        }
        return SrtpResult.OK;
    }

    /**
     * Verifies and decrypts the SRTP packet in {@code packet}'s readable bytes, moving the writer index
     * back over the tag. Borrows the buffer; unchanged unless the result is {@link SrtpResult#OK}.
     */
    public SrtpResult unprotect(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        int tag = profile.rtpTrailerLength();
        if (length < RtpHeaders.RTP_FIXED_HEADER_LENGTH + tag) {
            return SrtpResult.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH + tag) {
            return SrtpResult.MALFORMED;
        }
        int headerLength = RtpHeaders.rtpHeaderLength(packet, start, length - tag);
        if (headerLength < 0) {
            return SrtpResult.MALFORMED;
        }
        if (RtpHeaders.rtpSsrc(packet, start) != ssrc) {
            return SrtpResult.WRONG_SSRC;
        }
        long index = estimateIndex(RtpHeaders.sequenceNumber(packet, start));
        // RFC 3711 §3.3 step 2: the replay check comes before authentication, and costs nothing.
        SrtpResult indexResult = judge(index);
        if (indexResult != SrtpResult.OK) {
            return indexResult;
        }
        int plainLength;
        if (packet.hasArray()) {
            plainLength = transform.unprotectRtp(packet.array(), packet.arrayOffset() + start, headerLength,
                    length, ssrc, index);
        } else {
            byte[] copy = scratch.packet(length);
            packet.getBytes(start, copy, 0, length);
            plainLength = transform.unprotectRtp(copy, 0, headerLength, length, ssrc, index);
            if (plainLength >= 0) {
                packet.setBytes(start + headerLength, copy, headerLength, plainLength - headerLength);
            }
        }
        if (plainLength < 0) {
            return SrtpResult.AUTH_FAILED;
        }
        packet.writerIndex(start + plainLength);
        // RFC 3711 §3.3.1: ROC and s_l are updated only once the packet authenticated.
        window.accept(index);
        return SrtpResult.OK;
    }

    /**
     * RFC 3711 Appendix A: the index of sequence number {@code seq}, guessing the ROC from the highest
     * accepted index. -1 when the guess is ROC-1 while ROC is still 0 (a packet from before the stream's
     * first); above 2^48-1 when the ROC would overflow.
     */
    long estimateIndex(int seq) {
        if (!window.started()) {
            return seq;
        }
        long highest = window.highest();
        long roc = highest >>> 16;
        int highestSeq = (int) (highest & 0xFFFF);
        long guess;
        if (highestSeq < 0x8000) {
            guess = seq - highestSeq > 0x8000 ? roc - 1 : roc;
        } else {
            guess = highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }
        return guess < 0 ? -1 : (guess << 16) | seq;
    }

    private SrtpResult judge(long index) {
        if (index < 0) {
            return SrtpResult.REPLAYED;
        }
        if (index >>> 16 > MAX_ROC) {
            return SrtpResult.INDEX_EXHAUSTED;
        }
        return window.check(index) == ReplayWindow.CHECK_NEW ? SrtpResult.OK : SrtpResult.REPLAYED;
    }

    private SrtpResult judgeRetransmission(long index) {
        return window.started() && index >= 0 && index <= window.highest() ? SrtpResult.OK : SrtpResult.NEVER_SENT;
    }

    /**
     * Re-targets this context to another SSRC with a fresh window, keeping its ciphers. Used by
     * {@link SrtpSession} to try an unknown SSRC without allocating a context for a forged packet.
     */
    void reset(int newSsrc) {
        ssrc = newSsrc;
        window.reset();
    }

    /** Test hook: starts the sender at a given index, as if packets up to it had been protected. */
    void startAt(long index) {
        window.reset();
        window.accept(index);
    }
}
