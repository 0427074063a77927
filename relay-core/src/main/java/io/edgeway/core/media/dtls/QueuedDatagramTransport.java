package io.edgeway.core.media.dtls;

import io.edgeway.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DatagramTransport} Bouncy Castle's DTLS engine reads from and writes to: a bounded queue of
 * records filled by the event loop on one side, a {@link DtlsTransmitter} on the other. It is what lets
 * the blocking BC engine run on a handshake thread while the socket stays with its event loop.
 *
 * <p><b>Threading:</b> {@link #offer} runs on the event loop and never blocks; {@link #receive} and
 * {@link #send} run on the one executor thread that currently drives the BC engine; {@link #abort},
 * {@link #close} and {@link #enterConnectedMode} may run on any thread.
 *
 * <p><b>Sizes:</b> {@link DtlsServerContext#SEND_LIMIT} and {@link DtlsServerContext#RECEIVE_LIMIT}
 * explain the numbers; BC fragments handshake messages to fit the send limit by itself.
 *
 * <p><b>Time:</b> two clocks on purpose. The handshake deadline is protocol logic and is read from the
 * injected {@link Clock}, so tests move it by hand. How long one {@link #receive} call waits is BC's
 * retransmission timer, which BC keeps in wall-clock milliseconds itself, so the wait is measured with
 * {@link System#nanoTime()}, in slices of at most {@link #MAX_WAIT_SLICE_NANOS} so that a deadline
 * passing on the injected clock is noticed even while BC's timer has backed off to many seconds.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedDatagramTransport.class);

    /** A DTLS record header is 13 bytes (RFC 6347 §4.1); anything shorter cannot be a record. */
    static final int RECORD_HEADER_LENGTH = 13;

    /** Put in the queue to wake a blocked {@link #receive}; never handed to BC. */
    private static final byte[] WAKE_UP = new byte[0];

    private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ArrayBlockingQueue<byte[]> inbound;
    private final DtlsTransmitter transmitter;
    private final ByteBufAllocator allocator;
    private final Clock clock;
    private final String deadlineMessage;
    private final LongAdder droppedRecords = new LongAdder();
    private final LongAdder failedSends = new LongAdder();

    private volatile boolean deadlineArmed;
    private volatile long deadlineNanos;
    private volatile String abortMessage;
    private volatile boolean abortIsTimeout;
    private volatile boolean closed;
    private volatile boolean connected;

    QueuedDatagramTransport(int capacity, DtlsTransmitter transmitter, ByteBufAllocator allocator, Clock clock,
            String deadlineMessage) {
        this.inbound = new ArrayBlockingQueue<>(capacity);
        this.transmitter = transmitter;
        this.allocator = allocator;
        this.clock = clock;
        this.deadlineMessage = deadlineMessage;
    }

    /**
     * Copies one received datagram into the queue, or drops it (counted) when it cannot be a DTLS
     * record, is larger than the receive limit, the queue is full or the transport is closed. Dropping
     * is safe: DTLS retransmits handshake flights, and RFC 6347 §4.1.2.7 has invalid records silently
     * discarded anyway.
     *
     * @param datagram borrowed: its readable bytes are copied; reader index and reference count are
     *     left as they were, and the caller releases it as usual
     * @return whether it was queued
     */
    boolean offer(ByteBuf datagram) {
        int length = datagram.readableBytes();
        // Checking the free space first avoids allocating the copy for a datagram that would be dropped
        // anyway, which is what a flood of junk would otherwise cost us.
        if (closed || length < RECORD_HEADER_LENGTH || length > DtlsServerContext.RECEIVE_LIMIT
                || inbound.remainingCapacity() == 0) {
            droppedRecords.increment();
            return false;
        }
        byte[] copy = new byte[length];
        datagram.getBytes(datagram.readerIndex(), copy);
        if (!inbound.offer(copy)) {
            droppedRecords.increment();
            return false;
        }
        return true;
    }

    /** Counts a datagram the endpoint refused before it reached {@link #offer}. */
    void countDropped() {
        droppedRecords.increment();
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    long droppedRecords() {
        return droppedRecords.sum();
    }

    long failedSends() {
        return failedSends.sum();
    }

    boolean isClosed() {
        return closed;
    }

    /** From now on {@link #receive} fails once the injected clock reaches {@code deadline}. */
    void armDeadline(long deadline) {
        this.deadlineNanos = deadline;
        this.deadlineArmed = true;
    }

    /**
     * The handshake completed: the deadline no longer applies, and an abort that raced with the final
     * flight (the deadline passing in the same instant) is forgotten rather than failing a finished
     * handshake.
     */
    synchronized void enterConnectedMode() {
        connected = true;
        deadlineArmed = false;
        abortMessage = null;
    }

    /**
     * Makes the current or next {@link #receive} throw, so a handshake thread blocked in BC gives up
     * now. Sends stay possible, so BC can still tell the peer with an alert. Ignored once the handshake
     * has completed: a deadline that passes in the same instant does not undo it.
     */
    synchronized void abort(String message, boolean timeout) {
        if (connected) {
            return;
        }
        abortIsTimeout = timeout;
        abortMessage = message;
        inbound.offer(WAKE_UP);
    }

    @Override
    public int getReceiveLimit() {
        return DtlsServerContext.RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return DtlsServerContext.SEND_LIMIT;
    }

    /**
     * Hands BC the next queued record, waiting up to {@code waitMillis} (0 meaning no limit, as BC's
     * own socket transport treats it) or returning -1 when none came.
     *
     * <p>Once closed, a handshake gets an exception (it cannot go on), but an established association
     * just gets -1: BC closes the transport itself when it answers the peer's close_notify and then
     * reads on until the caller's wait is over, and that is a clean end, not an error.
     *
     * @throws TlsTimeoutException when the handshake deadline has passed
     * @throws IOException when aborted, or closed during the handshake
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long waitNanos = waitMillis == 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
        long startNanos = System.nanoTime();
        for (;;) {
            throwIfUnusable();
            if (closed) {
                return -1;
            }
            long remaining = waitNanos - (System.nanoTime() - startNanos);
            if (remaining <= 0) {
                return -1;
            }
            byte[] datagram;
            try {
                datagram = inbound.poll(Math.min(remaining, MAX_WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a DTLS record");
            }
            if (datagram == null || datagram == WAKE_UP) {
                continue;
            }
            int length = Math.min(datagram.length, len);
            System.arraycopy(datagram, 0, buf, off, length);
            return length;
        }
    }

    private void throwIfUnusable() throws IOException {
        String aborted = abortMessage;
        if (aborted != null) {
            throw abortIsTimeout ? new TlsTimeoutException(aborted) : new IOException(aborted);
        }
        if (closed && !connected) {
            throw new IOException("DTLS transport closed");
        }
        if (deadlineArmed && clock.nanos() - deadlineNanos >= 0) {
            throw new TlsTimeoutException(deadlineMessage);
        }
    }

    /**
     * Copies one datagram from BC into a buffer from the allocator and gives it to the transmitter.
     * After {@link #close()} nothing more is sent: BC sends its last alert before closing us, and an
     * endpoint that reported its end must stay quiet.
     */
    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        ByteBuf datagram = allocator.buffer(len);
        try {
            datagram.writeBytes(buf, off, len);
        } catch (RuntimeException e) {
            datagram.release();
            throw e;
        }
        try {
            transmitter.send(datagram);
        } catch (RuntimeException e) {
            // The transmitter owns the buffer whatever happens; a lost datagram is what UDP does anyway
            // and DTLS retransmits.
            failedSends.increment();
            LOG.debug("DTLS transmitter threw; datagram counted as lost", e);
        }
    }

    /** Stops all sending and fails any waiting or later {@link #receive}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        inbound.offer(WAKE_UP);
    }
}
