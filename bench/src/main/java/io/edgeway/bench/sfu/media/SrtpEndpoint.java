package io.edgeway.bench.sfu.media;

import io.netty.util.collection.IntObjectHashMap;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Both directions of one DTLS-SRTP association, on jitsi-srtp (Jitsi Videobridge's SRTP), an
 * implementation independent of Edgeway's own: what the harness sends, Edgeway must authenticate with
 * its code, and what Edgeway sends, the harness checks with this one. Contexts are made per SSRC on first
 * use (RFC 3711 §3.2.3). Confined to one event loop; transforms work in place on a {@link PacketBuffer}.
 */
public final class SrtpEndpoint {

    private static final LoggerImpl LOG = new LoggerImpl(SrtpEndpoint.class.getName());
    /** Held so that the level set in {@link #warmUp} stays (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("");

    private final SrtpContextFactory sending;
    private final SrtpContextFactory receiving;
    private final IntObjectHashMap<SrtpCryptoContext> sendRtp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtpCryptoContext> receiveRtp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> sendRtcp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> receiveRtcp = new IntObjectHashMap<>();

    public SrtpEndpoint(DtlsHandshake.Keys keys) {
        SrtpPolicy policy = keys.gcm()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        this.sending = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), policy, policy, LOG);
        this.receiving = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), policy, policy, LOG);
    }

    /** Protects the RTP packet in place (appends the tag). */
    public boolean protectRtp(PacketBuffer packet) {
        try {
            int ssrc = ssrc(packet, 8);
            SrtpCryptoContext context = sendRtp.get(ssrc);
            if (context == null) {
                context = sending.deriveContext(ssrc, 0);
                sendRtp.put(ssrc, context);
            }
            return context.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** What checking a received packet gave. */
    public enum Check { OK, REPLAYED, FAILED }

    /**
     * Authenticates and decrypts the SRTP packet in place (drops the tag): OK, REPLAYED (an index seen
     * already or older than the replay window, RFC 3711 §3.3.2: a retransmission that arrived twice), or
     * FAILED (authentication).
     */
    public Check checkRtp(PacketBuffer packet) {
        try {
            int ssrc = ssrc(packet, 8);
            SrtpCryptoContext context = receiveRtp.get(ssrc);
            if (context == null) {
                context = receiving.deriveContext(ssrc, 0);
                receiveRtp.put(ssrc, context);
            }
            SrtpErrorStatus status = context.reverseTransformPacket(packet, false);
            return status == SrtpErrorStatus.OK ? Check.OK
                    : status == SrtpErrorStatus.REPLAY_FAIL || status == SrtpErrorStatus.REPLAY_OLD ? Check.REPLAYED
                    : Check.FAILED;
        } catch (GeneralSecurityException e) {
            return Check.FAILED;
        }
    }

    /** Authenticates and decrypts the SRTP packet in place (drops the tag); false if it fails. */
    public boolean unprotectRtp(PacketBuffer packet) {
        try {
            int ssrc = ssrc(packet, 8);
            SrtpCryptoContext context = receiveRtp.get(ssrc);
            if (context == null) {
                context = receiving.deriveContext(ssrc, 0);
                receiveRtp.put(ssrc, context);
            }
            return context.reverseTransformPacket(packet, false) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Protects the RTCP compound in place (appends E-flag/index and tag). */
    public boolean protectRtcp(PacketBuffer packet) {
        try {
            int ssrc = ssrc(packet, 4);
            SrtcpCryptoContext context = sendRtcp.get(ssrc);
            if (context == null) {
                context = sending.deriveControlContext(ssrc);
                sendRtcp.put(ssrc, context);
            }
            return context.transformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean unprotectRtcp(PacketBuffer packet) {
        try {
            int ssrc = ssrc(packet, 4);
            SrtcpCryptoContext context = receiveRtcp.get(ssrc);
            if (context == null) {
                context = receiving.deriveControlContext(ssrc);
                receiveRtcp.put(ssrc, context);
            }
            return context.reverseTransformPacket(packet) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Makes a context of each profile once, off the event loop: jitsi-srtp benchmarks its AES providers
     * (OpenSSL, SunJCE, Bouncy Castle) the first time a cipher is made, which takes about a second and
     * would otherwise stall the loop of the first participant that connects.
     */
    public static synchronized void warmUp() {
        // jitsi-srtp logs through java.util.logging; its provider benchmark lines are noise in a report.
        QUIET.setLevel(java.util.logging.Level.WARNING);
        for (int profile : DtlsHandshake.SRTP_PROFILES) {
            int saltLength = profile == org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM ? 12 : 14;
            DtlsHandshake.Keys keys = new DtlsHandshake.Keys(profile, new byte[16], new byte[saltLength], new byte[16],
                    new byte[saltLength]);
            SrtpEndpoint endpoint = new SrtpEndpoint(keys);
            PacketBuffer packet = new PacketBuffer();
            io.netty.buffer.ByteBuf out = packet.clear();
            io.edgeway.core.media.rtp.RtpHeaderFlyweight.writeFixedHeader(out, false, 111, 1, 1, 1);
            out.writeZero(20);
            endpoint.protectRtp(packet.commit());
            endpoint.close();
        }
    }

    private static int ssrc(PacketBuffer packet, int offset) {
        byte[] a = packet.array();
        return (a[offset] & 0xFF) << 24 | (a[offset + 1] & 0xFF) << 16 | (a[offset + 2] & 0xFF) << 8 | a[offset + 3] & 0xFF;
    }

    public void close() {
        sending.close();
        receiving.close();
    }
}
