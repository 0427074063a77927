package io.edgeway.core.media.fanout;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.MediaPacketHandler;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media port's {@link MediaPacketHandler}: finds the {@link RoomMember} of the transport a packet
 * came on and lets its {@link MediaRoom} forward it. One per media port; rooms come and go with sessions.
 *
 * <p>Confined to the media port's event loop: {@link #join} and {@link #leave} are called from the
 * transport listener, which the port already runs on its loop. Packets borrowed as the port's contract says.
 * The port's media tick ({@link #onTimeout}) reaches every room a member joined through this handler.
 */
public final class FanoutHandler implements MediaPacketHandler {

    private final IdentityHashMap<ParticipantTransport, RoomMember> members = new IdentityHashMap<>();
    /** Rooms with at least one member that joined here, for the media tick. */
    private final List<MediaRoom> rooms = new ArrayList<>();
    private final AtomicLong notJoined = new AtomicLong();

    /** Makes {@code transport}'s media part of {@code room}; call on {@code onConnected}. Loop only. */
    public RoomMember join(MediaRoom room, ParticipantTransport transport, SrtpKeyMaterial keys) {
        if (members.containsKey(transport)) {
            throw new IllegalArgumentException(transport + " already joined a room");
        }
        RoomMember member = room.join(transport, keys);
        members.put(transport, member);
        if (!rooms.contains(room)) {
            rooms.add(room);
        }
        return member;
    }

    /**
     * {@link #join(MediaRoom, ParticipantTransport, SrtpKeyMaterial)} with the participant's negotiated
     * header extensions ({@link RoomMember#extensions(HeaderExtensionMap)}). Loop only.
     */
    public RoomMember join(MediaRoom room, ParticipantTransport transport, SrtpKeyMaterial keys,
            HeaderExtensionMap extensions) {
        RoomMember member = join(room, transport, keys);
        member.extensions(extensions);
        return member;
    }

    /** The member {@code transport} joined as, or null; e.g. to hand it a new map after renegotiation. Loop only. */
    public RoomMember member(ParticipantTransport transport) {
        return members.get(transport);
    }

    /** Takes {@code transport} out of its room; call on {@code onGone}. Loop only; idempotent. */
    public void leave(ParticipantTransport transport) {
        RoomMember member = members.remove(transport);
        if (member != null) {
            MediaRoom room = member.room();
            room.leave(member);
            if (room.memberCount() == 0) {
                rooms.remove(room);
            }
        }
    }

    /** Packets from transports that had not joined a room (no keys yet, or already left). Any thread. */
    public long notJoined() {
        return notJoined.get();
    }

    /** The port's media tick: every room with members sends what is due ({@link MediaRoom#onTimeout}). */
    @Override
    public void onTimeout(long nowNanos) {
        for (int i = 0, n = rooms.size(); i < n; i++) {
            rooms.get(i).onTimeout(nowNanos);
        }
    }

    @Override
    public boolean onMediaPacket(long nowNanos, ParticipantTransport from, ByteBuf packet) {
        RoomMember member = members.get(from);
        if (member == null) {
            // Before DTLS completed, or media still in flight after the participant left.
            notJoined.lazySet(notJoined.get() + 1);
            return false;
        }
        return member.room().onPacket(nowNanos, member, packet);
    }
}
