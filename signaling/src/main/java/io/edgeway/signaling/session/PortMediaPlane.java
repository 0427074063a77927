package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
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
import java.util.List;
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
    /** Guarded by this: live rooms and the counts of closed ones. Only touched on open/close and scrape. */
    private final Set<MediaRoom> rooms = new HashSet<>();
    private final long[] closedCounts = new long[FanoutCounter.values().length];

    /**
     * @param candidates the SFU's candidates, from {@link #candidates}
     * @param localFingerprint the DTLS certificate's, from {@code DtlsServerContext.localFingerprint()}
     */
    public PortMediaPlane(MediaPort port, IceMediaSessions ice, FanoutHandler fanout, List<Candidate> candidates,
            CertificateFingerprint localFingerprint) {
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
        synchronized (this) {
            rooms.add(room);
        }
        return new PortRoom(room);
    }

    @Override
    public MediaLeg openLeg(Room room, String participantId, IceCredentials remote,
            CertificateFingerprint remoteFingerprint, MediaLeg.Listener listener) {
        return PortMediaLeg.open(ice, port, fanout, ((PortRoom) room).room, participantId, remote, remoteFingerprint,
                fingerprint, candidates, listener);
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

    /** A meeting's room; closing it keeps its counts for the meters. */
    private final class PortRoom implements Room {
        final MediaRoom room;

        PortRoom(MediaRoom room) {
            this.room = room;
        }

        @Override
        public void close() {
            retire(room);
        }
    }
}
