package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsEndpoint;
import io.edgeway.core.media.dtls.DtlsListener;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.spi.StunReplySink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's transport on a {@link MediaPort}: the ICE 5-tuple its media uses (learned from the
 * ICE-lite agent) and the DTLS-SRTP association over it. It ties the two together so the session layer
 * sees only "connected, here are the SRTP keys" and "gone".
 *
 * <h2>Theory of operation</h2>
 * The signaling layer creates the transport with {@link MediaPort#newTransport} when the participant's
 * offer arrives (its remote DTLS fingerprint is known then). The ICE agent then reports pairs:
 * {@link #pairValidated} makes DTLS records from that remote address reach this transport (a browser may
 * send its ClientHello as soon as a check succeeded, before it nominates; the records wait in the
 * endpoint's queue); {@link #pairSelected} (USE-CANDIDATE, RFC 8445 §7.3.1.5) sets where everything this
 * side sends goes and, the first time, starts the DTLS handshake (RFC 5763 §5: the SFU answers
 * {@code a=setup:passive}, so the browser is the DTLS client and the handshake can only begin once a
 * path exists). A later selection moves the media to the new pair without a new handshake (the DTLS
 * association is bound to the ICE session, not to the 5-tuple). The transport ends once, for the first
 * of: {@link #consentLost()} (RFC 7675), a DTLS failure or close_notify, or {@link #close()}.
 *
 * <h2>Threading</h2>
 * Confined to the port's event loop. {@link #pairValidated}, {@link #pairSelected} (both forms, the
 * second of which also takes an ICE-TCP connection as the pair's local end),
 * {@link #consentLost()} and {@link #close()} may be called from any thread and hop to the loop when
 * needed; the ICE agent calls them on the loop already. The DTLS endpoint's transmitter and listener are
 * called on handshake threads: the transmitter hands each datagram to the channel (Netty moves the write
 * onto the loop), the listener's calls are moved onto the loop. Getters are safe from any thread.
 */
public final class ParticipantTransport {

    /** Why a transport ended. */
    public enum GoneReason {
        /** No consent check on the selected pair for 30 s (RFC 7675 §5.1). */
        CONSENT_LOST,
        /** The DTLS handshake failed or timed out, or the peer sent a fatal alert. */
        DTLS_FAILED,
        /** The peer closed the DTLS association (close_notify). */
        DTLS_CLOSED,
        /** The session layer closed the transport (the participant left), or the port closed. */
        CLOSED
    }

    /**
     * Remote addresses routed to one participant: the pairs its browser validated (a handful of
     * candidates at most) plus the selected one. Past the limit the oldest non-selected one is dropped.
     */
    static final int MAX_ADDRESSES = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantTransport.class);

    private final String id;
    private final MediaPort port;
    private final EventLoop loop;
    private final ParticipantTransportListener listener;
    private final DtlsEndpoint dtls;
    /** Loop only: the addresses this transport holds in the port's routing table, oldest first. */
    private final ArrayDeque<InetSocketAddress> addresses = new ArrayDeque<>(MAX_ADDRESSES);

    private volatile InetSocketAddress selected;
    /** The ICE-TCP connection of the selected pair, or null when it is on the UDP socket. */
    private volatile IceTcpConnection selectedConnection;
    // The path at the moment the transport ended: DTLS's close_notify is sent after that, from a
    // handshake thread, and must still reach the browser.
    private volatile InetSocketAddress closingTo;
    private volatile IceTcpConnection closingConnection;
    private volatile SrtpKeyMaterial keys;
    /** Written on the loop only. */
    private volatile boolean gone;

    ParticipantTransport(String id, MediaPort port, DtlsServerContext dtlsContext,
            CertificateFingerprint remoteFingerprint, ParticipantTransportListener listener) {
        this.id = Objects.requireNonNull(id, "id");
        this.port = port;
        this.loop = port.eventLoop();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dtls = dtlsContext.newEndpoint(remoteFingerprint, this::transmit, new DtlsEvents());
    }

    /** The session layer's identifier for the participant. */
    public String id() {
        return id;
    }

    /** The remote end of the selected pair, where everything this side sends goes; null before nomination. */
    public InetSocketAddress selectedRemote() {
        return selected;
    }

    /** The SRTP keys once DTLS completed, else null. */
    public SrtpKeyMaterial keys() {
        return keys;
    }

    /** The DTLS association's state. */
    public DtlsEndpoint.State dtlsState() {
        return dtls.state();
    }

    /** True once {@link ParticipantTransportListener#onGone} has been (or is being) reported. */
    public boolean isGone() {
        return gone;
    }

    /** DTLS datagrams the endpoint refused (queue full, wrong size, after the end); for metrics. */
    public long droppedDtlsDatagrams() {
        return dtls.droppedDatagrams();
    }

    /**
     * An ICE check from {@code remote} succeeded: accept DTLS and media from it. Nothing is sent there
     * until it is selected.
     */
    public void pairValidated(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        if (!loop.inEventLoop()) {
            runOnLoop(() -> pairValidated(remote));
            return;
        }
        if (!gone) {
            route(remote);
        }
    }

    /**
     * The participant nominated the pair with {@code remote} (RFC 8445 §7.3.1.5): send to it from now on,
     * and start the DTLS handshake if this is the first selection.
     */
    public void pairSelected(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        if (!loop.inEventLoop()) {
            runOnLoop(() -> pairSelected(remote));
            return;
        }
        if (gone) {
            return;
        }
        route(remote);
        selectedConnection = null;
        selected = remote;
        dtls.start();
    }

    /**
     * {@link #pairValidated(InetSocketAddress)} for a pair on any path of the port: its UDP socket (when
     * {@code local} is {@link MediaPort#replySink()}) or one of its ICE-TCP connections (when {@code local}
     * is that {@link IceTcpConnection}: the connection's DTLS and media frames reach this transport).
     *
     * @throws IllegalArgumentException if {@code local} is not of this port ({@link MediaPort#carries})
     */
    public void pairValidated(StunReplySink local, InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        IceTcpConnection connection = connectionOf(local);
        if (connection == null) {
            pairValidated(remote);
            return;
        }
        if (!loop.inEventLoop()) {
            runOnLoop(() -> pairValidated(local, remote));
            return;
        }
        if (!gone) {
            connection.carry(this);
        }
    }

    /**
     * {@link #pairSelected(InetSocketAddress)} for a pair on any path of the port: on an ICE-TCP
     * connection, everything this side sends goes over that connection (RFC 4571 framed) from now on.
     *
     * @throws IllegalArgumentException if {@code local} is not of this port ({@link MediaPort#carries})
     */
    public void pairSelected(StunReplySink local, InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        IceTcpConnection connection = connectionOf(local);
        if (connection == null) {
            pairSelected(remote);
            return;
        }
        if (!loop.inEventLoop()) {
            runOnLoop(() -> pairSelected(local, remote));
            return;
        }
        if (gone) {
            return;
        }
        connection.carry(this);
        selectedConnection = connection;
        selected = remote;
        dtls.start();
    }

    /** The ICE agent dropped the participant: no consent on the selected pair for 30 s (RFC 7675 §5.1). */
    public void consentLost() {
        goneOnLoop(GoneReason.CONSENT_LOST, "ICE consent expired");
    }

    /** Ends the transport (the participant left): close_notify if DTLS was up, then {@code onGone(CLOSED)}. */
    public void close() {
        goneOnLoop(GoneReason.CLOSED, "closed");
    }

    /** The port channel's allocator, for packets headed to {@link #sendMedia}. Any thread. */
    public ByteBufAllocator alloc() {
        return port.channel().alloc();
    }

    /**
     * Queues one SRTP/SRTCP datagram toward the selected pair on the port's socket. It is not flushed
     * here: the port flushes once at the end of the read batch that produced it (and on its sweep), so a
     * packet fanned out to many participants costs one flush, not one per copy; and every
     * {@value MediaPort#MAX_UNFLUSHED} datagrams, which keeps Netty's recycling of its write entries free of
     * allocation.
     *
     * <p>Loop only (the media handler's thread). Allocates the {@code DatagramPacket} envelope, nothing else.
     *
     * @param packet <em>owned</em> from the call on, on every path: written, or released
     * @return false (and {@code packet} released) when no pair is selected yet or the transport is gone
     */
    public boolean sendMedia(ByteBuf packet) {
        InetSocketAddress to = selected;
        if (to == null || gone) {
            packet.release();
            return false;
        }
        IceTcpConnection connection = selectedConnection;
        if (connection != null) {
            // ICE-TCP: the connection frames it (RFC 4571); a write on a closed connection releases it.
            connection.transmit(packet);
            return true;
        }
        Channel channel = port.channel();
        // A failed write (closed channel) releases the packet; voidPromise reports it to the port's handler.
        channel.write(new DatagramPacket(packet, to), channel.voidPromise());
        port.queued();
        return true;
    }

    /** One DTLS datagram from one of this transport's addresses. Loop only; {@code datagram} borrowed. */
    void onDtls(ByteBuf datagram) {
        dtls.onDatagram(datagram);
    }

    /** The port's once-a-second sweep. Loop only. */
    void onTimeout(long nowNanos) {
        dtls.onTimeout(nowNanos);
    }

    /** The ICE-TCP connection {@code local} names, or null for the port's UDP socket. */
    private IceTcpConnection connectionOf(StunReplySink local) {
        Objects.requireNonNull(local, "local");
        if (!port.carries(local)) {
            throw new IllegalArgumentException("not a path of this media port: " + local);
        }
        return local == port.replySink() ? null : (IceTcpConnection) local;
    }

    /** Adds {@code remote} to the port's routing table, forgetting the oldest address past the limit. */
    private void route(InetSocketAddress remote) {
        if (addresses.contains(remote)) {
            port.route(remote, this);
            return;
        }
        if (addresses.size() == MAX_ADDRESSES) {
            InetSocketAddress oldest = addresses.pollFirst();
            if (oldest.equals(selected)) {
                addresses.addLast(oldest);
                oldest = addresses.pollFirst();
            }
            port.unroute(oldest, this);
        }
        addresses.addLast(remote);
        port.route(remote, this);
    }

    /** Transmitter: a handshake thread's datagram to the selected pair. Takes ownership. */
    private void transmit(ByteBuf datagram) {
        IceTcpConnection connection = selectedConnection;
        InetSocketAddress to = selected;
        Channel channel = port.channel();
        if (gone) {
            // After the end only the close_notify of a closing association is sent, on the last path.
            connection = closingConnection;
            to = closingTo;
        }
        if (to == null) {
            // The endpoint only starts once a pair is selected, so this is a late flight after the end.
            datagram.release();
            return;
        }
        if (connection != null) {
            // ICE-TCP: framed by the connection's encoder; a write on a closed connection releases it.
            connection.transmit(datagram);
            return;
        }
        // Any thread: Netty hands the write to the channel's loop; a failed write releases the packet.
        channel.writeAndFlush(new DatagramPacket(datagram, to), channel.voidPromise());
    }

    private void goneOnLoop(GoneReason reason, String detail) {
        if (!loop.inEventLoop()) {
            runOnLoop(() -> goneOnLoop(reason, detail));
            return;
        }
        if (gone) {
            return;
        }
        closingTo = selected;
        closingConnection = selectedConnection;
        gone = true;
        for (InetSocketAddress address : addresses) {
            port.unroute(address, this);
        }
        addresses.clear();
        // ICE-TCP connections that carried this transport forget it when they next see a frame.
        selectedConnection = null;
        port.forget(this);
        // Sends close_notify if the handshake completed; the endpoint's own onClose/onFailure that follows
        // finds the transport gone and reports nothing more.
        dtls.close();
        try {
            listener.onGone(this, reason, detail);
        } catch (RuntimeException e) {
            LOG.warn("transport listener failed on gone for participant {}", id, e);
        }
    }

    private void connectedOnLoop(SrtpKeyMaterial exported) {
        if (gone) {
            return;
        }
        keys = exported;
        try {
            listener.onConnected(this, exported);
        } catch (RuntimeException e) {
            LOG.warn("transport listener failed on connected for participant {}", id, e);
        }
    }

    private void runOnLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down with the port; nothing is left to update.
            LOG.debug("media port loop refused a task for participant {}", id);
        }
    }

    /** DTLS callbacks arrive on handshake threads; each moves to the loop. */
    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onHandshakeComplete(SrtpKeyMaterial exported) {
            runOnLoop(() -> connectedOnLoop(exported));
        }

        @Override
        public void onFailure(String reason) {
            goneOnLoop(GoneReason.DTLS_FAILED, reason);
        }

        @Override
        public void onClose() {
            goneOnLoop(GoneReason.DTLS_CLOSED, "peer closed DTLS");
        }
    }

    @Override
    public String toString() {
        return "ParticipantTransport[" + id + "]";
    }
}
