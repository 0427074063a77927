package io.edgeway.core.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * The SRTCP cryptographic context of one SSRC (the sender SSRC in octets 4..7 of the first RTCP
 * packet) in one direction: RFC 3711 §3.4, and RFC 7714 §9 for AES-GCM.
 *
 * <p>Unlike SRTP, the index travels in the packet: the sender numbers its packets 0, 1, 2, ...
 * (RFC 3711 §3.4: zero before the first packet, incremented after each) and sets the E flag above it;
 * the receiver reads it back, rejects it if the replay window saw it (§3.3.2 applies to SRTCP too),
 * verifies the tag over the header, the encrypted portion and the E+index word, and only then
 * decrypts and accepts the index. A sender stops at 2^31 packets ({@link SrtpResult#INDEX_EXHAUSTED}):
 * the index must never repeat under one key.
 *
 * <pre>
 * AES-CM + HMAC-SHA1:  header(8) | encrypted compound rest | E+index(4) | tag(10)
 * AEAD_AES_128_GCM:    header(8) | encrypted compound rest | tag(16) | E+index(4)
 * </pre>
 *
 * <p>Buffers are borrowed exactly as {@link SrtpContext} borrows them: in place, writer index moved,
 * unchanged on failure, and {@link #protect} needs {@link SrtpProfile#rtcpTrailerLength()} writable
 * bytes after the packet. Packets this context protects are always encrypted; it accepts both
 * encrypted and authenticated-only (E=0) packets. Not thread-safe; confined to one thread.
 */
public final class SrtcpContext {

    /** RFC 3711 §3.4: the SRTCP index is 31 bits. */
    static final long MAX_INDEX = 0x7FFF_FFFFL;

    private int ssrc;
    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final ReplayWindow window;
    private final CryptoScratch scratch;
    private long nextIndex;

    SrtcpContext(int ssrc, SrtpSessionKeys keys, int replayWindowSize, CryptoScratch scratch) {
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

    /** The SRTCP index the next protected packet will carry. */
    public long nextIndex() {
        return nextIndex;
    }

    /** The highest SRTCP index accepted so far, or -1 before the first packet. */
    public long highestIndex() {
        return window.highest();
    }

    /**
     * Encrypts the RTCP (compound) packet in {@code packet}'s readable bytes and appends the E+index
     * word and the tag, moving the writer index by {@link SrtpProfile#rtcpTrailerLength()}. Borrows the buffer.
     */
    public SrtpResult protect(ByteBuf packet) {
        return protect(packet, true);
    }

    /** {@link #protect}, or with {@code encrypt == false} authentication only (E=0, RFC 3711 §3.4). */
    SrtpResult protect(ByteBuf packet, boolean encrypt) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        SrtpResult header = checkHeader(packet, start, length, 0);
        if (header != SrtpResult.OK) {
            return header;
        }
        int trailer = profile.rtcpTrailerLength();
        if (packet.writableBytes() < trailer) {
            return SrtpResult.NO_TAILROOM;
        }
        if (nextIndex > MAX_INDEX) {
            return SrtpResult.INDEX_EXHAUSTED;
        }
        int index = (int) nextIndex;
        int protectedLength;
        if (packet.hasArray()) {
            protectedLength = transform.protectRtcp(packet.array(), packet.arrayOffset() + start, length, ssrc,
                    index, encrypt);
        } else {
            byte[] copy = scratch.packet(length + trailer);
            packet.getBytes(start, copy, 0, length);
            protectedLength = transform.protectRtcp(copy, 0, length, ssrc, index, encrypt);
            packet.setBytes(start, copy, 0, protectedLength);
        }
        packet.writerIndex(start + protectedLength);
        // RFC 3711 §3.4: incremented after each packet is sent.
        nextIndex++;
        return SrtpResult.OK;
    }

    /**
     * Verifies and decrypts the SRTCP packet in {@code packet}'s readable bytes, moving the writer index
     * back over the trailer. Borrows the buffer; unchanged unless the result is {@link SrtpResult#OK}.
     */
    public SrtpResult unprotect(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        int trailer = profile.rtcpTrailerLength();
        SrtpResult header = checkHeader(packet, start, length, trailer);
        if (header != SrtpResult.OK) {
            return header;
        }
        int indexWord = packet.getInt(start + transform.rtcpIndexWordOffset(length));
        long index = indexWord & MAX_INDEX;
        if (window.check(index) != ReplayWindow.CHECK_NEW) {
            return SrtpResult.REPLAYED;
        }
        int plainLength;
        if (packet.hasArray()) {
            plainLength = transform.unprotectRtcp(packet.array(), packet.arrayOffset() + start, length, ssrc,
                    indexWord);
        } else {
            byte[] copy = scratch.packet(length);
            packet.getBytes(start, copy, 0, length);
            plainLength = transform.unprotectRtcp(copy, 0, length, ssrc, indexWord);
            if (plainLength >= 0) {
                packet.setBytes(start, copy, 0, plainLength);
            }
        }
        if (plainLength < 0) {
            return SrtpResult.AUTH_FAILED;
        }
        packet.writerIndex(start + plainLength);
        window.accept(index);
        return SrtpResult.OK;
    }

    private SrtpResult checkHeader(ByteBuf packet, int start, int length, int trailer) {
        if (length < RtpHeaders.RTCP_HEADER_LENGTH + trailer) {
            return SrtpResult.TOO_SHORT;
        }
        if (length > SrtpContext.MAX_PACKET_LENGTH + trailer || !RtpHeaders.isVersion2(packet, start)) {
            return SrtpResult.MALFORMED;
        }
        if (RtpHeaders.rtcpSsrc(packet, start) != ssrc) {
            return SrtpResult.WRONG_SSRC;
        }
        return SrtpResult.OK;
    }

    /** Re-targets this context to another SSRC with a fresh index and window (see {@link SrtpSession}). */
    void reset(int newSsrc) {
        ssrc = newSsrc;
        nextIndex = 0;
        window.reset();
    }

    /** Test hook: the index the next protected packet carries. */
    void nextIndex(long index) {
        nextIndex = index;
    }
}
