package io.edgeway.signaling.session;

import io.edgeway.core.media.fanout.SourceDeclaration;
import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import java.util.Collection;
import java.util.List;

/**
 * One participant's media on the media engine: its ICE-lite session (local credentials for the SDP),
 * its DTLS-SRTP transport and, once connected, its membership of the meeting's forwarding room.
 *
 * <p><b>Threading:</b> every method on the media port's loop; the listener is called there too.
 */
public interface MediaLeg {

    /** The SFU's end of this participant's transport, for every description written for it. */
    SfuTransportParameters transport();

    /**
     * The SSRCs (media and RTX) this participant publishes according to its latest accepted offer. The
     * room learns them (now, or as soon as the leg connects), so nobody else can take them over.
     */
    void publishes(Collection<Long> ssrcs);

    /**
     * A negotiation with the participant completed (the server's answer sent, or the participant's
     * answer accepted): {@code local} is the description the server and the participant now agree on,
     * {@code remote} the participant's side of it (its offer, or its answer). Forwarding takes from them,
     * section by section, the SSRCs the participant publishes and those it agreed to receive, the payload
     * types (each stack numbers its codecs for itself: a copy carries the subscriber's number for the
     * codec) and the RTP header extensions (URI to id, RFC 8285), and the clock rate of each payload type
     * (jitter in receiver reports counts in RTP timestamp units). From then on the participant receives
     * only the streams its description names.
     */
    void negotiated(SessionDescription local, SessionDescription remote);

    /**
     * How loud the participant's audio was since the previous call, from the RFC 6464 audio level its
     * packets carry: 127 minus the level of the loudest packet since then or of the decaying recent peak
     * (so 0 is silence or no audio, 127 is 0 dBov). Read once per sample, about twice a second, for the
     * active speaker: every packet between two samples counts, not only those just before one.
     */
    int loudness(long nowNanos);

    /**
     * What the participant publishes, source by source (its microphone, camera, screen, with their simulcast
     * layers), from its latest accepted offer: what slots carry. Without slots it changes nothing.
     */
    default void declares(List<SourceDeclaration> sources) {
    }

    /**
     * The participant receives through {@code slots} from now on (its SDP announces them); once, before or
     * after the leg connects.
     */
    default void receiveThroughSlots(SlotSet slots) {
    }

    /** What the participant shows (pinned participants, tile sizes, last-N); its slots follow. */
    default void view(SubscriberSlots.View view) {
    }

    /** What each of its slots carries now, audio first, in slot order; empty without slots. */
    default List<SlotOccupant> slotOccupants() {
        return List.of();
    }

    /** The participant left: ends ICE and DTLS (close_notify). The listener hears nothing more. */
    void close();

    /** What the leg reports. */
    interface Listener {
        /** DTLS completed: media now flows both ways. At most once. */
        void onConnected();

        /**
         * The leg ended by itself (not by {@link #close()}). At most once, never after {@code close()}.
         *
         * @param reason why, as the participant will be told
         * @param detail for the log; no secret, no address
         */
        void onGone(LeaveReason reason, String detail);

        /** What the participant's slots carry changed ({@link MediaLeg#slotOccupants()}). */
        default void onSlotsChanged() {
        }

        /**
         * The participant should send exactly these layers of what it publishes on {@code mid}:
         * {@code active[i]} for layer {@code i} in its offer's order ({@code rids}, empty for a source
         * without simulcast).
         */
        default void onLayersChanged(String mid, List<String> rids, boolean[] active) {
        }
    }
}
