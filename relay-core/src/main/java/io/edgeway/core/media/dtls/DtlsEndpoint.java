package io.edgeway.core.media.dtls;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's DTLS-SRTP association, server side: the SFU is ICE-lite and answers with
 * {@code a=setup:passive}, so the browser always initiates the handshake (RFC 5763 §5).
 *
 * <h2>Theory of operation</h2>
 * The endpoint never touches the network. The caller's event loop feeds it the participant's DTLS
 * records ({@link #onDatagram}); it copies each into a bounded queue and returns at once. Bouncy
 * Castle's DTLS engine is blocking, so {@link #start()} runs it on the context's handshake executor,
 * where it reads that queue through a {@link QueuedDatagramTransport} and writes its flights through the
 * caller's {@link DtlsTransmitter}. When the handshake completes the SRTP keys are exported and handed
 * to {@link DtlsListener#onHandshakeComplete}; the handshake thread is then released. Records arriving
 * later (the client's retransmitted final flight when our last one was lost, its close_notify, a fatal
 * alert) are processed by short tasks on the same executor, one at a time.
 *
 * <pre>
 *   NEW --start()--> HANDSHAKING --keys exported--> CONNECTED --close_notify / close()--> CLOSED
 *    |                   |                              |
 *    |                   +-- bad cert, alert, deadline -+-- fatal alert ---------------> FAILED
 *    +--close()-------------------------------------------------------------------------> CLOSED
 * </pre>
 *
 * <h2>Timeouts</h2>
 * The handshake must complete within the context's handshake timeout of {@link #start()}, measured on
 * the context's {@code Clock}. The handshake thread checks this itself; {@link #onTimeout(long)}, called
 * from the caller's periodic sweep, wakes it as soon as the deadline has passed. BC's own
 * retransmission timer (1 s, doubling) stays as BC runs it.
 *
 * <h2>Threading</h2>
 * {@link #onDatagram}, {@link #onTimeout}, {@link #start()} and {@link #close()} may be called from any
 * thread, typically the participant's event loop; they never block, never run BC code and never throw
 * (a programming error such as a released buffer is counted as a dropped record). BC runs only on
 * executor threads, and never on two at once for one endpoint. Listener and transmitter calls come from
 * those threads (see {@link DtlsListener} for the one exception).
 *
 * <h2>Hot path</h2>
 * None of this is: DTLS records flow during the handshake and at close, not per media packet. The
 * copy per record is bounded by the queue, and a full queue drops without allocating.
 */
public final class DtlsEndpoint {

    /** Where the association is; see the class diagram. */
    public enum State {
        NEW,
        HANDSHAKING,
        CONNECTED,
        CLOSED,
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

    private final DtlsServerContext context;
    private final CertificateFingerprint expectedRemoteFingerprint;
    private final DtlsListener listener;
    private final QueuedDatagramTransport transport;
    private final long handshakeTimeoutNanos;
    private final String deadlineMessage;

    /** True while a drain task is scheduled or running; the handshake thread takes it before CONNECTED. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Set by the one call that reports the end (onFailure or onClose). */
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Serialises use of the BC engine after the handshake (drain tasks, close). */
    private final Object engineLock = new Object();

    /** Changes under {@code synchronized (this)}; read without the lock. */
    private volatile State state = State.NEW;
    private volatile boolean closeRequested;
    private volatile long deadlineNanos;
    private volatile Thread startingThread;

    /** Guarded by engineLock; set once, when the handshake completes. */
    private DTLSTransport established;
    /** Guarded by engineLock: where application data would go. WebRTC data channels are not carried. */
    private byte[] discardBuffer;

    DtlsEndpoint(DtlsServerContext context, CertificateFingerprint expectedRemoteFingerprint,
            DtlsTransmitter transmitter, DtlsListener listener) {
        this.context = context;
        this.expectedRemoteFingerprint = expectedRemoteFingerprint;
        this.listener = listener;
        this.handshakeTimeoutNanos = context.handshakeTimeout().toNanos();
        this.deadlineMessage = "DTLS handshake not complete within " + context.handshakeTimeout().toMillis() + " ms";
        this.transport = new QueuedDatagramTransport(DtlsServerContext.INBOUND_QUEUE_CAPACITY, transmitter,
                context.allocator(), context.clock(), deadlineMessage);
    }

    /**
     * Starts the handshake on the executor and arms its deadline. Call once ICE has selected the
     * participant's 5-tuple; records that came earlier are waiting in the queue.
     *
     * @return false if already started or ended
     */
    public boolean start() {
        synchronized (this) {
            if (state != State.NEW || closeRequested) {
                return false;
            }
            state = State.HANDSHAKING;
            deadlineNanos = context.clock().nanos() + handshakeTimeoutNanos;
            transport.armDeadline(deadlineNanos);
            startingThread = Thread.currentThread();
        }
        submit(this::runHandshake);
        return true;
    }

    /**
     * One datagram from the participant whose first byte is in the DTLS range (20-63, RFC 7983 §7).
     *
     * @param datagram borrowed: the readable bytes are copied, reader index and reference count are left
     *     unchanged, and the caller releases it as usual
     */
    public void onDatagram(ByteBuf datagram) {
        try {
            State current = state;
            if (current == State.CLOSED || current == State.FAILED) {
                transport.countDropped();
                return;
            }
            if (!transport.offer(datagram)) {
                return;
            }
            // Read the state again after queueing: if the handshake completed in between, its thread has
            // either seen this record in its final check or we see CONNECTED here and schedule a drain.
            if (state == State.CONNECTED) {
                scheduleDrain();
            }
        } catch (RuntimeException e) {
            transport.countDropped();
            LOG.debug("DTLS datagram refused", e);
        }
    }

    /**
     * Enforces the handshake deadline now rather than at the handshake thread's next check. Cheap; call
     * it from the caller's periodic sweep with the same clock's {@code nanos()}.
     */
    public void onTimeout(long nowNanos) {
        if (state == State.HANDSHAKING && nowNanos - deadlineNanos >= 0) {
            transport.abort(deadlineMessage, true);
        }
    }

    /**
     * Ends the association: sends close_notify if the handshake had completed, stops a running handshake
     * otherwise. {@link DtlsListener#onClose()} follows (unless the end was already reported). Idempotent.
     */
    public void close() {
        State previous;
        synchronized (this) {
            previous = state;
            if (previous == State.CLOSED || previous == State.FAILED || closeRequested) {
                return;
            }
            closeRequested = true;
        }
        switch (previous) {
            case NEW -> submit(() -> finish(State.CLOSED, null));
            // The handshake thread sees closeRequested whether BC fails on the abort or completes anyway.
            case HANDSHAKING -> transport.abort("DTLS endpoint closed locally", false);
            case CONNECTED -> submit(this::closeEstablished);
            default -> {
            }
        }
    }

    /** Where the association is now. */
    public State state() {
        return state;
    }

    /**
     * Datagrams not processed: too short or too long to be a DTLS record, queue full, refused after the
     * end. For metrics; a growing count during a handshake suggests a flood.
     */
    public long droppedDatagrams() {
        return transport.droppedRecords();
    }

    private void runHandshake() {
        if (Thread.currentThread() == startingThread) {
            finish(State.FAILED, "the handshake executor ran the handshake on the thread that called start();"
                    + " it needs threads of its own");
            return;
        }
        DtlsSrtpServer server = new DtlsSrtpServer(context, expectedRemoteFingerprint);
        DTLSTransport dtls;
        try {
            dtls = new DTLSServerProtocol().accept(server, transport);
        } catch (IOException | RuntimeException e) {
            if (closeRequested) {
                finish(State.CLOSED, null);
            } else {
                finish(State.FAILED, describe(e));
            }
            return;
        }
        SrtpKeyMaterial keys = server.keys();
        boolean closeNow;
        synchronized (this) {
            closeNow = closeRequested;
            if (!closeNow) {
                // Taken before CONNECTED becomes visible, so onDatagram cannot start a drain that might
                // report onClose before onHandshakeComplete has been delivered.
                drainScheduled.set(true);
                transport.enterConnectedMode();
                synchronized (engineLock) {
                    established = dtls;
                    discardBuffer = new byte[DtlsServerContext.RECEIVE_LIMIT];
                }
                state = State.CONNECTED;
            }
        }
        if (closeNow) {
            synchronized (engineLock) {
                closeQuietly(dtls);
            }
            finish(State.CLOSED, null);
            return;
        }
        LOG.debug("DTLS handshake complete: {}", keys);
        try {
            listener.onHandshakeComplete(keys);
        } catch (RuntimeException e) {
            LOG.warn("DtlsListener.onHandshakeComplete threw", e);
        }
        drain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            submit(this::drain);
        }
    }

    /**
     * Feeds queued records to the established association until the queue is empty. BC answers a
     * retransmitted client flight by retransmitting our last one, and handles close_notify by sending
     * its own and closing the transport; application data is discarded.
     */
    private void drain() {
        for (;;) {
            String failure = null;
            boolean peerClosed = false;
            synchronized (engineLock) {
                while (state == State.CONNECTED && !closeRequested && transport.hasInbound()) {
                    try {
                        // 1 ms: take what is queued, do not wait for more; BC treats 0 as "forever".
                        established.receive(discardBuffer, 0, discardBuffer.length, 1);
                    } catch (IOException | RuntimeException e) {
                        failure = describe(e);
                        break;
                    }
                    if (transport.isClosed()) {
                        peerClosed = true;
                        break;
                    }
                }
            }
            if (failure != null) {
                finish(State.FAILED, failure);
                return;
            }
            if (peerClosed) {
                finish(State.CLOSED, null);
                return;
            }
            drainScheduled.set(false);
            // A record queued after the loop's last look but before the flag was cleared saw the flag
            // set and did not schedule; pick it up here.
            if (state != State.CONNECTED || !transport.hasInbound() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void closeEstablished() {
        synchronized (engineLock) {
            closeQuietly(established);
        }
        finish(State.CLOSED, null);
    }

    /** BC sends close_notify (or user_canceled) and then closes our transport. */
    private static void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS close failed", e);
        }
    }

    /** Runs {@code task} on the executor; if the executor refuses, the endpoint fails right here. */
    private void submit(Runnable task) {
        try {
            context.handshakeExecutor().execute(task);
        } catch (RuntimeException e) {
            finish(State.FAILED, "DTLS handshake executor refused work: " + e);
        }
    }

    /** Reports the end once: stops the transport first, so nothing is sent after the callback. */
    private void finish(State terminal, String reason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            state = terminal;
        }
        transport.close();
        try {
            if (terminal == State.FAILED) {
                LOG.debug("DTLS association failed: {}", reason);
                listener.onFailure(reason);
            } else {
                listener.onClose();
            }
        } catch (RuntimeException e) {
            LOG.warn("DtlsListener threw", e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof TlsFatalAlertReceived received) {
            return "peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert alert) {
            // BC's message already names the alert and our detail, e.g. "bad_certificate(42); ...".
            return "DTLS handshake failed: " + alert.getMessage();
        }
        if (e instanceof TlsTimeoutException) {
            return e.getMessage();
        }
        return "DTLS failed: " + e;
    }
}
