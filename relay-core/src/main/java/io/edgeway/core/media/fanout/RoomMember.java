package io.edgeway.core.media.fanout;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtp.AudioLevel;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.PayloadFormat;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One participant of a {@link MediaRoom}: its transport and the two SRTP sessions of its DTLS-SRTP
 * association, one to unprotect what its browser sends, one to protect what the SFU sends it.
 *
 * <p><b>Header extensions.</b> {@link #extensions(HeaderExtensionMap)} tells the room which RTP header
 * extension IDs this participant negotiated (from its SDP, again after each renegotiation). Copies
 * forwarded to it are then rewritten from their publisher's IDs to its own, and stamped with its own
 * transport-wide sequence numbers ({@link HeaderExtensionRewriter}). Until both the publisher and this
 * subscriber have a map, copies keep the publisher's extensions unchanged (the behaviour before maps
 * existed), MID included, which a browser that demuxes by MID may misroute. Every copy goes through the
 * member's {@link RtpWriter}.
 *
 * <p>Confined to the media port's event loop, like the transport it wraps. Created by
 * {@link MediaRoom#join}; both sessions are keyed once, here, and never per packet.
 */
public final class RoomMember {

    private final MediaRoom room;
    private final ParticipantTransport transport;
    private final SrtpSession inbound;
    private final SrtpSession outbound;
    private final SpeechLevel speech = new SpeechLevel();
    /** Every RTP copy this member is sent goes through it (without slots). */
    private final RtpWriter writer = new RtpWriter(this);
    /** Every slot copy this member is sent goes through it (with slots). */
    private final SlotWriter slotWriter = new SlotWriter(this);
    /** The streams this member publishes, in order of appearance. */
    private final List<PublishedStream> published = new ArrayList<>();
    /** RTP clock rate by payload type, from the SDP; 0 where unknown. */
    private final int[] clockRates = new int[128];
    private HeaderExtensionMap extensions;
    private NegotiatedStreams streams;
    private TransportFeedbackRecorder feedbackRecorder;
    private boolean left;
    private int transportSequenceId;
    /** The transport-wide sequence number the next copy to this member carries, 0-65535. */
    private int nextTransportSequence;
    /** This member's slots when it receives through slots (large sessions), else null: it gets every stream. */
    private SubscriberSlots slots;

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

    /**
     * Sets the RTP header extensions this participant negotiated; call after each completed negotiation
     * (offer/answer) with {@link HeaderExtensionMap#fromSession} of the answer. Loop only; allocates (not
     * a per-packet path).
     */
    public void extensions(HeaderExtensionMap map) {
        Objects.requireNonNull(map, "map");
        this.extensions = map;
        this.transportSequenceId = map.id(TransportWideSequence.URI);
        speech.extensionId(map.id(AudioLevel.URI));
        room.negotiationChanged(this);
    }

    /** How loud this participant's audio is (RFC 6464 levels of what it publishes). Loop only. */
    public SpeechLevel speech() {
        return speech;
    }

    /**
     * Records that this participant's payload type {@code payloadType} runs at {@code clockRateHz} (its
     * {@code a=rtpmap}); used for the jitter of the streams it publishes (RFC 3550 A.8 counts in RTP
     * timestamp units). Loop only.
     */
    public void clockRate(int payloadType, int clockRateHz) {
        if (payloadType < 0 || payloadType >= clockRates.length) {
            throw new IllegalArgumentException("payload type out of 0..127: " + payloadType);
        }
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRateHz);
        }
        clockRates[payloadType] = clockRateHz;
    }

    /** The clock rate of {@code payloadType} as the SDP gave it, or 0 if unknown. */
    public int clockRate(int payloadType) {
        return payloadType >= 0 && payloadType < clockRates.length ? clockRates[payloadType] : 0;
    }

    /**
     * {@link #negotiated(SessionDescription, SessionDescription)} without the participant's side: the
     * streams the SFU sends are known from {@code answer}, those the participant publishes are not.
     */
    public void negotiated(SessionDescription answer) {
        negotiated(answer, null);
    }

    /**
     * Everything the room takes from a completed negotiation, in one call: the streams, section by section
     * ({@link NegotiatedStreams}: what this participant publishes and what it agreed to receive, with
     * each section's payload formats and extension IDs), the session's header extensions
     * ({@link HeaderExtensionMap#fromSession}) and the clock rate of every payload type with an
     * {@code a=rtpmap} in a section that is not rejected. From now on this member receives only the SSRCs
     * the SFU's sending sections name. Call again after each renegotiation. Loop only; allocates (not a
     * per-packet path).
     *
     * @param local the SFU's description the participant agreed to
     * @param remote the participant's own description of the same negotiation, or null if unknown
     * @throws IllegalArgumentException when {@code local} gives one extension ID two URIs
     */
    public void negotiated(SessionDescription local, SessionDescription remote) {
        NegotiatedStreams described = NegotiatedStreams.of(local, remote);
        for (MediaDescription section : local.media()) {
            if (section.isRejected() || !section.isRtp()) {
                continue;
            }
            for (PayloadFormat format : section.payloadFormats()) {
                if (format.clockRate() > 0) {
                    clockRate(format.payloadType(), format.clockRate());
                }
            }
        }
        this.streams = described;
        for (int i = 0, n = published.size(); i < n; i++) {
            PublishedStream stream = published.get(i);
            NegotiatedStreams.Stream section = described.published(stream.ssrc);
            if (section == null && stream.source != null) {
                section = described.publishedByMid(stream.source.mid);
            }
            stream.describe(section);
        }
        describeSlots(described);
        extensions(described.extensions());
    }

    /** The streams of the latest negotiation, or null while this member was never described by SDP. */
    NegotiatedStreams streams() {
        return streams;
    }

    /**
     * Whether this member has agreed to receive {@code ssrc}: always, while it was never described by SDP
     * (copies then go as they are); otherwise only if the SFU's sending sections name it.
     */
    boolean receives(int ssrc) {
        return streams == null || streams.sent(ssrc) != null;
    }

    /** The negotiated header extensions, or null until {@link #extensions(HeaderExtensionMap)}. Loop only. */
    public HeaderExtensionMap extensions() {
        return extensions;
    }

    /**
     * The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) the next
     * copy to this member carries. It belongs to the member's transport: one counter for every stream.
     */
    int nextTransportSequence() {
        return nextTransportSequence;
    }

    /**
     * The copy stamped with {@link #nextTransportSequence()} was protected and is leaving ({@code bytes} on
     * the wire): the number is taken (only copies that leave take one, so the member sees no gap the SFU
     * made) and, for a member with slots, noted for its bandwidth estimation.
     */
    void transportSequenceTaken(long nowNanos, int bytes) {
        if (slots != null) {
            slots.bandwidth.onSent(nextTransportSequence, nowNanos, bytes);
        }
        nextTransportSequence = (nextTransportSequence + 1) & 0xFFFF;
    }

    /** This member's slots, or null when it receives every stream it agreed to. Loop only. */
    public SubscriberSlots slots() {
        return slots;
    }

    void slots(SubscriberSlots slots) {
        this.slots = slots;
    }

    /** Gives each of this member's slots the section its negotiation agreed for it (null: not yet). */
    void describeSlots(NegotiatedStreams described) {
        if (slots == null) {
            return;
        }
        for (Slot slot : slots.audio) {
            slot.section(described.sent(slot.ssrc()));
        }
        for (Slot slot : slots.video) {
            slot.section(described.sent(slot.ssrc()));
        }
    }

    /** The writer of every slot copy this member is sent. Loop only. */
    SlotWriter slotWriter() {
        return slotWriter;
    }

    /** The writer of every RTP copy this member is sent. Loop only. */
    RtpWriter writer() {
        return writer;
    }

    /** Our ID of the transport-wide sequence number, 0 if we did not negotiate it (or have no map). */
    int transportSequenceId() {
        return transportSequenceId;
    }

    /** The transport-wide arrivals from this member since the last feedback, created on first use. */
    TransportFeedbackRecorder feedbackRecorder() {
        if (feedbackRecorder == null) {
            feedbackRecorder = new TransportFeedbackRecorder();
        }
        return feedbackRecorder;
    }

    /** The recorder, or null if this member never sent a transport-wide sequence number. */
    TransportFeedbackRecorder existingFeedbackRecorder() {
        return feedbackRecorder;
    }

    /** Whether the member left its room; a member that left stays out. */
    public boolean hasLeft() {
        return left;
    }

    void markLeft() {
        left = true;
    }

    /** The streams this member publishes; the room's to change. */
    List<PublishedStream> published() {
        return published;
    }

    ByteBufAllocator alloc() {
        return transport.alloc();
    }

    /** Queues one protected packet toward the participant; {@code packet} owned on every path. */
    boolean send(ByteBuf packet) {
        return transport.sendMedia(packet);
    }

    /**
     * Protects {@code packet} (owned on every path) with the outbound session and queues it.
     *
     * @return {@code sent} when it was queued, else {@link FanoutCounter#RTCP_PROTECT_FAILED} or
     *     {@link FanoutCounter#SEND_FAILED}: the counter for what became of it
     */
    FanoutCounter sendRtcp(ByteBuf packet, FanoutCounter sent) {
        if (outbound.protectRtcp(packet) != SrtpResult.OK) {
            packet.release();
            return FanoutCounter.RTCP_PROTECT_FAILED;
        }
        return send(packet) ? sent : FanoutCounter.SEND_FAILED;
    }

    @Override
    public String toString() {
        return "RoomMember[" + transport.id() + "]";
    }
}
