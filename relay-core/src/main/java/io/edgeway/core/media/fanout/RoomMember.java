package io.edgeway.core.media.fanout;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * One participant of a {@link MediaRoom}: its transport and the two SRTP sessions of its DTLS-SRTP
 * association, one to unprotect what its browser sends, one to protect what the SFU sends it.
 *
 * <p>Confined to the media port's event loop, like the transport it wraps. Created by
 * {@link MediaRoom#join}; both sessions are keyed once, here, and never per packet.
 */
public final class RoomMember {

    private final MediaRoom room;
    private final ParticipantTransport transport;
    private final SrtpSession inbound;
    private final SrtpSession outbound;

    RoomMember(MediaRoom room, ParticipantTransport transport, SrtpKeyMaterial keys) {
        this.room = room;
        this.transport = transport;
        SrtpProfile profile = SrtpProfile.byId(keys.profile().id()).orElseThrow(
                () -> new IllegalArgumentException("no SRTP transform for " + keys.profile()));
        // RFC 5764 §4.2: the peer protects with its write key and salt, we with ours; SrtpKeyMaterial knows
        // which side of the handshake we were.
        byte[] remoteKey = keys.remoteMasterKey();
        byte[] remoteSalt = keys.remoteMasterSalt();
        byte[] localKey = keys.localMasterKey();
        byte[] localSalt = keys.localMasterSalt();
        try {
            this.inbound = new SrtpSession(profile, remoteKey, remoteSalt);
            this.outbound = new SrtpSession(profile, localKey, localSalt);
        } finally {
            // The sessions derived their own keys; these copies must not linger on the heap.
            Arrays.fill(remoteKey, (byte) 0);
            Arrays.fill(remoteSalt, (byte) 0);
            Arrays.fill(localKey, (byte) 0);
            Arrays.fill(localSalt, (byte) 0);
        }
    }

    public MediaRoom room() {
        return room;
    }

    public ParticipantTransport transport() {
        return transport;
    }

    /** Unprotects what this participant's browser sends. Loop only. */
    public SrtpSession inbound() {
        return inbound;
    }

    /** Protects what the SFU sends this participant. Loop only. */
    public SrtpSession outbound() {
        return outbound;
    }

    ByteBufAllocator alloc() {
        return transport.alloc();
    }

    /** Queues one protected packet toward the participant; {@code packet} owned on every path. */
    boolean send(ByteBuf packet) {
        return transport.sendMedia(packet);
    }

    @Override
    public String toString() {
        return "RoomMember[" + transport.id() + "]";
    }
}
