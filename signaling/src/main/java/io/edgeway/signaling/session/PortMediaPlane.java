package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
import io.edgeway.core.media.fanout.MediaSource;
import io.edgeway.core.media.fanout.RoomMember;
import io.edgeway.core.media.fanout.SlotListener;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.ice.IceCredentials;
import io.edgeway.ice.IceMediaSessions;
import io.edgeway.ice.LocalCandidates;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link MediaPlane} on the real media engine: rooms are {@link MediaRoom}s of the port's
 * {@link FanoutHandler}, legs are {@link PortMediaLeg}s opened through {@link IceMediaSessions} on the
 * {@link MediaPort}, and every description names the same candidates: one UDP host candidate per
 * announced address on the media port and, when ICE-TCP is on, one {@code tcptype passive} candidate
 * per address on its port (RFC 6544 §4.5).
 *
 * <p>Rooms and legs are confined to the port's loop. {@link #count(FanoutCounter)} is for metrics, from
 * any thread: it sums the live rooms and those already closed (their counts are kept, so the meter only
 * grows).
 */
public final class PortMediaPlane implements MediaPlane {

    private final MediaPort port;
    private final IceMediaSessions ice;
    private final FanoutHandler fanout;
    /** Replaced, never changed, when a shared port is added at start; read by every description. */
    private volatile List<Candidate> candidates;
    private final Fingerprint fingerprint;
    /** How participants receive: through slots (large sessions), or null for every stream to everyone. */
    private final SlotLayout slotLayout;
    /** Where rooms write their subscribers' bandwidth traces, or null (the default: none). */
    private volatile java.nio.file.Path traceDirectory;
    /** Guarded by this: live rooms and the counts of closed ones. Only touched on open/close and scrape. */
    private final Set<MediaRoom> rooms = new HashSet<>();
    private final long[] closedCounts = new long[FanoutCounter.values().length];

    /**
     * @param candidates the SFU's candidates, from {@link #candidates}
     * @param localFingerprint the DTLS certificate's, from {@code DtlsServerContext.localFingerprint()}
     */
    public PortMediaPlane(MediaPort port, IceMediaSessions ice, FanoutHandler fanout, List<Candidate> candidates,
            CertificateFingerprint localFingerprint) {
        this(port, ice, fanout, candidates, localFingerprint, null);
    }

    /** @param slotLayout the slots every participant gets, or null to forward every stream to everyone */
    public PortMediaPlane(MediaPort port, IceMediaSessions ice, FanoutHandler fanout, List<Candidate> candidates,
            CertificateFingerprint localFingerprint, SlotLayout slotLayout) {
        this.slotLayout = slotLayout;
        this.port = Objects.requireNonNull(port, "port");
        this.ice = Objects.requireNonNull(ice, "ice");
        this.fanout = Objects.requireNonNull(fanout, "fanout");
        this.candidates = List.copyOf(candidates);
        if (this.candidates.isEmpty()) {
            throw new IllegalArgumentException("the SFU needs at least one candidate");
        }
        this.fingerprint = Fingerprint.parse(localFingerprint.toSdpValue());
    }

    /**
     * The SFU's ICE candidates: for each announced address in order (earlier ones preferred), a UDP
     * host candidate on {@code udpPort} and, if {@code tcpPort} is not negative, an ICE-TCP passive one,
     * with the priorities of {@link LocalCandidates}.
     */
    public static List<Candidate> candidates(List<InetAddress> announced, int udpPort, int tcpPort) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < announced.size(); i++) {
            String address = literal(announced.get(i));
            list.add(Candidate.udpHost("u" + i, LocalCandidates.priority(false, i), address, udpPort));
            if (tcpPort >= 0) {
                list.add(Candidate.tcpPassiveHost("t" + i, LocalCandidates.priority(true, i), address, tcpPort));
            }
        }
        return list;
    }

    /**
     * Adds an ICE-TCP passive candidate on {@code port} for each announced address (a shared port that
     * carries ICE-TCP: the one a network that allows only TCP 443 reaches), ranked just below the dedicated
     * ICE-TCP port's. Called at start, once the port is bound, before the process reports ready.
     */
    public synchronized void addPassiveTcpPort(List<InetAddress> announced, int port) {
        List<Candidate> next = new ArrayList<>(candidates);
        for (int i = 0; i < announced.size(); i++) {
            next.add(Candidate.tcpPassiveHost("s" + i, LocalCandidates.priority(true, announced.size() + i),
                    literal(announced.get(i)), port));
        }
        candidates = List.copyOf(next);
    }

    /** The address as SDP writes it: no brackets, no IPv6 scope. */
    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = address instanceof Inet6Address ? text.indexOf('%') : -1;
        return scope < 0 ? text : text.substring(0, scope);
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    @Override
    public Room openRoom(String meetingId) {
        MediaRoom room = new MediaRoom(meetingId);
        // The session layer registers every SSRC a participant may publish (Publication): anything else
        // it sends, such as media on a section answered inactive, reaches nobody.
        room.requireSignalledSsrcs();
        PortRoom portRoom = new PortRoom(room);
        if (slotLayout != null) {
            room.useSlots(slotLayout.audio(), slotLayout.lastN(), portRoom.legs);
            if (traceDirectory != null) {
                room.traceBandwidth(traceDirectory);
            }
        }
        synchronized (this) {
            rooms.add(room);
        }
        return portRoom;
    }

    /** Rooms opened from now on trace their subscribers' bandwidth estimation into {@code directory}. */
    public void traceBandwidth(java.nio.file.Path directory) {
        this.traceDirectory = directory;
    }

    @Override
    public SlotLayout slotLayout() {
        return slotLayout;
    }

    @Override
    public MediaLeg openLeg(Room room, String participantId, IceCredentials remote,
            CertificateFingerprint remoteFingerprint, MediaLeg.Listener listener) {
        PortRoom portRoom = (PortRoom) room;
        return PortMediaLeg.open(ice, port, fanout, portRoom.room, portRoom.legs, participantId, remote,
                remoteFingerprint, fingerprint, candidates, listener);
    }

    /** Forwarding outcomes over every room this plane ever opened. Any thread. */
    public synchronized long count(FanoutCounter counter) {
        long sum = closedCounts[counter.ordinal()];
        for (MediaRoom room : rooms) {
            sum += room.count(counter);
        }
        return sum;
    }

    private synchronized void retire(MediaRoom room) {
        if (rooms.remove(room)) {
            for (FanoutCounter c : FanoutCounter.values()) {
                closedCounts[c.ordinal()] += room.count(c);
            }
        }
    }

    /**
     * The connected legs of one room by their room member: the room's slot decisions reach the leg, and
     * through it the session layer. Confined to the room's loop.
     */
    static final class LegDirectory implements SlotListener {
        private final Map<RoomMember, PortMediaLeg> legs = new IdentityHashMap<>();

        void connected(PortMediaLeg leg) {
            legs.put(leg.member(), leg);
        }

        void gone(PortMediaLeg leg) {
            if (leg.member() != null) {
                legs.remove(leg.member());
            }
        }

        @Override
        public void onSlotsChanged(RoomMember subscriber) {
            PortMediaLeg leg = legs.get(subscriber);
            if (leg != null) {
                leg.slotsChanged();
            }
        }

        @Override
        public void onLayersChanged(MediaSource source) {
            PortMediaLeg leg = legs.get(source.publisher());
            if (leg != null) {
                leg.layersChanged(source);
            }
        }
    }

    /** A meeting's room; closing it keeps its counts for the meters. */
    private final class PortRoom implements Room {
        final MediaRoom room;
        final LegDirectory legs = new LegDirectory();

        PortRoom(MediaRoom room) {
            this.room = room;
        }

        @Override
        public void close() {
            retire(room);
        }
    }
}
