package io.edgeway.core.media.srtp;

import io.edgeway.core.metrics.StripedCounters;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.util.Arrays;

/**
 * The SRTP/SRTCP state of one direction of one DTLS-SRTP association: the profile, the session keys
 * derived once from that direction's master key and salt, and one {@link SrtpContext} and
 * {@link SrtcpContext} per SSRC, created when first needed.
 *
 * <p>DTLS-SRTP exports {@code client_write key | server_write key | client_write salt | server_write
 * salt} (RFC 5764 §4.2). Edgeway is the DTLS server toward browsers, so it unprotects with
 * {@link #ofClientWrite} and protects with {@link #ofServerWrite}; a DTLS client does the opposite.
 *
 * <p><b>Unknown SSRCs.</b> Outgoing packets of a new SSRC get a context at once (our own streams). An
 * incoming packet of an unknown SSRC is tried on a spare context first and the context is kept only
 * if the packet authenticates, so forged packets with random SSRCs create no state and, after the
 * first, allocate nothing. At most {@code maxSsrcs} contexts of each kind are kept
 * ({@link SrtpResult#SSRC_LIMIT}); {@link #removeSsrc} forgets a stream that ended.
 *
 * <p><b>Counting.</b> Every result of the four packet methods is counted ({@link #count}); the
 * caller drops every packet whose result is not {@link SrtpResult#OK}.
 *
 * <p><b>Threading.</b> Not thread-safe: the session, its contexts and its scratch arrays belong to one
 * thread (the event loop that handles this participant's transport); only {@link #count} may be read
 * from any thread. Buffers are borrowed as {@link SrtpContext} describes. Allocation-free per packet
 * once a stream's context exists, except inside the JDK's AES-GCM (see {@code AesGcmTransform}).
 */
public final class SrtpSession {

    public static final int DEFAULT_REPLAY_WINDOW = 128;
    public static final int DEFAULT_MAX_SSRCS = 1024;

    private static final SrtpResult[] RESULTS = SrtpResult.values();

    private final SrtpProfile profile;
    private final SrtpSessionKeys rtpKeys;
    private final SrtpSessionKeys rtcpKeys;
    private final int replayWindow;
    private final int maxSsrcs;
    private final CryptoScratch scratch = new CryptoScratch();
    private final IntObjectHashMap<SrtpContext> rtpContexts = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpContext> rtcpContexts = new IntObjectHashMap<>();
    private final StripedCounters counts = new StripedCounters(RESULTS.length);
    private SrtpContext spareRtp;
    private SrtcpContext spareRtcp;

    /** A session with the default 128-packet replay window and {@value #DEFAULT_MAX_SSRCS} SSRCs. */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, masterKey, masterSalt, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_SSRCS);
    }

    /**
     * @param replayWindow 64 or 128 packets (RFC 3711 §3.3.2 requires at least 64)
     * @param maxSsrcs     most SRTP and most SRTCP contexts kept at once
     */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int replayWindow, int maxSsrcs) {
        this(SrtpKeyDerivation.rtp(profile, masterKey, masterSalt),
                SrtpKeyDerivation.rtcp(profile, masterKey, masterSalt), replayWindow, maxSsrcs);
    }

    SrtpSession(SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys, int replayWindow, int maxSsrcs) {
        if (maxSsrcs < 1) {
            throw new IllegalArgumentException("maxSsrcs must be positive: " + maxSsrcs);
        }
        this.profile = rtpKeys.profile();
        this.rtpKeys = rtpKeys;
        this.rtcpKeys = rtcpKeys;
        this.replayWindow = ReplayWindow.checkSize(replayWindow);
        this.maxSsrcs = maxSsrcs;
    }

    /** The session keyed with the DTLS client's write key and salt: what the DTLS client sends. */
    public static SrtpSession ofClientWrite(SrtpProfile profile, byte[] keyingMaterial) {
        return fromKeyingMaterial(profile, keyingMaterial, true);
    }

    /** The session keyed with the DTLS server's write key and salt: what the DTLS server sends. */
    public static SrtpSession ofServerWrite(SrtpProfile profile, byte[] keyingMaterial) {
        return fromKeyingMaterial(profile, keyingMaterial, false);
    }

    private static SrtpSession fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean client) {
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " exports " + profile.keyingMaterialLength()
                    + " octets of keying material, got " + material.length);
        }
        int keyLength = profile.masterKeyLength();
        int saltLength = profile.masterSaltLength();
        // RFC 5764 §4.2: client key | server key | client salt | server salt.
        int keyAt = client ? 0 : keyLength;
        int saltAt = 2 * keyLength + (client ? 0 : saltLength);
        byte[] key = Arrays.copyOfRange(material, keyAt, keyAt + keyLength);
        byte[] salt = Arrays.copyOfRange(material, saltAt, saltAt + saltLength);
        try {
            return new SrtpSession(profile, key, salt);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Protects an outgoing RTP packet with the context of its SSRC (created if new). See {@link SrtpContext#protect}. */
    public SrtpResult protectRtp(ByteBuf packet) {
        if (packet.readableBytes() < RtpHeaders.RTP_FIXED_HEADER_LENGTH) {
            return counted(SrtpResult.TOO_SHORT);
        }
        int ssrc = RtpHeaders.rtpSsrc(packet, packet.readerIndex());
        SrtpContext context = rtpContexts.get(ssrc);
        if (context == null) {
            if (rtpContexts.size() >= maxSsrcs) {
                return counted(SrtpResult.SSRC_LIMIT);
            }
            context = rtpContext(ssrc);
        }
        return counted(context.protect(packet));
    }

    /**
     * Protects a retransmission of a packet already protected with the context of its SSRC. See
     * {@link SrtpContext#protectRetransmission}, whose contract (the very same packet) the caller keeps.
     * Creates no context: a stream never protected has nothing to retransmit ({@link SrtpResult#NEVER_SENT}).
     */
    public SrtpResult protectRtpRetransmission(ByteBuf packet) {
        if (packet.readableBytes() < RtpHeaders.RTP_FIXED_HEADER_LENGTH) {
            return counted(SrtpResult.TOO_SHORT);
        }
        SrtpContext context = rtpContexts.get(RtpHeaders.rtpSsrc(packet, packet.readerIndex()));
        if (context == null) {
            return counted(SrtpResult.NEVER_SENT);
        }
        return counted(context.protectRetransmission(packet));
    }

    /** Unprotects an incoming SRTP packet with the context of its SSRC. See {@link SrtpContext#unprotect}. */
    public SrtpResult unprotectRtp(ByteBuf packet) {
        if (packet.readableBytes() < RtpHeaders.RTP_FIXED_HEADER_LENGTH) {
            return counted(SrtpResult.TOO_SHORT);
        }
        int ssrc = RtpHeaders.rtpSsrc(packet, packet.readerIndex());
        SrtpContext context = rtpContexts.get(ssrc);
        if (context != null) {
            return counted(context.unprotect(packet));
        }
        if (rtpContexts.size() >= maxSsrcs) {
            return counted(SrtpResult.SSRC_LIMIT);
        }
        SrtpContext candidate = spareRtp;
        if (candidate == null) {
            candidate = new SrtpContext(ssrc, rtpKeys, replayWindow, scratch);
        } else {
            candidate.reset(ssrc);
        }
        SrtpResult result = candidate.unprotect(packet);
        if (result == SrtpResult.OK) {
            rtpContexts.put(ssrc, candidate);
            spareRtp = null;
        } else {
            spareRtp = candidate;
        }
        return counted(result);
    }

    /** Protects an outgoing RTCP packet with the context of its sender SSRC. See {@link SrtcpContext#protect}. */
    public SrtpResult protectRtcp(ByteBuf packet) {
        if (packet.readableBytes() < RtpHeaders.RTCP_HEADER_LENGTH) {
            return counted(SrtpResult.TOO_SHORT);
        }
        int ssrc = RtpHeaders.rtcpSsrc(packet, packet.readerIndex());
        SrtcpContext context = rtcpContexts.get(ssrc);
        if (context == null) {
            if (rtcpContexts.size() >= maxSsrcs) {
                return counted(SrtpResult.SSRC_LIMIT);
            }
            context = rtcpContext(ssrc);
        }
        return counted(context.protect(packet));
    }

    /** Unprotects an incoming SRTCP packet with the context of its sender SSRC. See {@link SrtcpContext#unprotect}. */
    public SrtpResult unprotectRtcp(ByteBuf packet) {
        if (packet.readableBytes() < RtpHeaders.RTCP_HEADER_LENGTH) {
            return counted(SrtpResult.TOO_SHORT);
        }
        int ssrc = RtpHeaders.rtcpSsrc(packet, packet.readerIndex());
        SrtcpContext context = rtcpContexts.get(ssrc);
        if (context != null) {
            return counted(context.unprotect(packet));
        }
        if (rtcpContexts.size() >= maxSsrcs) {
            return counted(SrtpResult.SSRC_LIMIT);
        }
        SrtcpContext candidate = spareRtcp;
        if (candidate == null) {
            candidate = new SrtcpContext(ssrc, rtcpKeys, replayWindow, scratch);
        } else {
            candidate.reset(ssrc);
        }
        SrtpResult result = candidate.unprotect(packet);
        if (result == SrtpResult.OK) {
            rtcpContexts.put(ssrc, candidate);
            spareRtcp = null;
        } else {
            spareRtcp = candidate;
        }
        return counted(result);
    }

    /**
     * The SRTP context of {@code ssrc}, created if absent. Explicit creation is trusted and not held to
     * {@code maxSsrcs}. Allocates when it creates.
     */
    public SrtpContext rtpContext(int ssrc) {
        SrtpContext context = rtpContexts.get(ssrc);
        if (context == null) {
            context = new SrtpContext(ssrc, rtpKeys, replayWindow, scratch);
            rtpContexts.put(ssrc, context);
        }
        return context;
    }

    /** The SRTCP context of {@code ssrc}, created if absent, as {@link #rtpContext}. */
    public SrtcpContext rtcpContext(int ssrc) {
        SrtcpContext context = rtcpContexts.get(ssrc);
        if (context == null) {
            context = new SrtcpContext(ssrc, rtcpKeys, replayWindow, scratch);
            rtcpContexts.put(ssrc, context);
        }
        return context;
    }

    /** Forgets both contexts of {@code ssrc}; returns whether there was one. */
    public boolean removeSsrc(int ssrc) {
        boolean rtp = rtpContexts.remove(ssrc) != null;
        boolean rtcp = rtcpContexts.remove(ssrc) != null;
        return rtp || rtcp;
    }

    public int rtpContextCount() {
        return rtpContexts.size();
    }

    public int rtcpContextCount() {
        return rtcpContexts.size();
    }

    /** How many packets ended with {@code result} so far. Any thread (eventually consistent). */
    public long count(SrtpResult result) {
        return counts.get(result.ordinal());
    }

    private SrtpResult counted(SrtpResult result) {
        counts.increment(result.ordinal());
        return result;
    }

    @Override
    public String toString() {
        return "SrtpSession[" + profile + ", " + rtpContexts.size() + " SRTP / " + rtcpContexts.size()
                + " SRTCP contexts]";
    }
}
