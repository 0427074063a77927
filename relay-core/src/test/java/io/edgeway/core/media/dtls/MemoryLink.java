package io.edgeway.core.media.dtls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.DatagramTransport;

/**
 * An in-memory datagram link between a BC client and a {@link DtlsEndpoint}: the client's
 * {@link DatagramTransport} on one side, the endpoint's {@link DtlsTransmitter} on the other. It checks
 * the endpoint's buffer contracts as it goes: every datagram the endpoint sends is released here, and
 * every datagram handed to {@link DtlsEndpoint#onDatagram} must come back with its reference count and
 * reader index untouched.
 */
final class MemoryLink implements DtlsTransmitter {

    private final LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final Set<Thread> transmitterThreads = ConcurrentHashMap.newKeySet();
    private final List<Integer> firstBytesToClient = new CopyOnWriteArrayList<>();
    private final AtomicInteger clientDatagramsSent = new AtomicInteger();
    private final Semaphore serverDatagrams = new Semaphore(0);
    private final Semaphore clientDatagrams = new Semaphore(0);
    private volatile DtlsEndpoint endpoint;
    private volatile int deliverToServerLimit = Integer.MAX_VALUE;
    private volatile boolean clientClosed;
    private volatile boolean dropServerFinalFlightOnce;
    private volatile int serverFinalFlightDropped;
    private final Set<Thread> onDatagramThreads = ConcurrentHashMap.newKeySet();

    void connect(DtlsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Delivers only the client's first {@code count} datagrams to the endpoint; the rest are lost. */
    void deliverOnlyFirst(int count) {
        deliverToServerLimit = count;
    }

    /**
     * Loses the server's final flight (ChangeCipherSpec and the epoch-1 Finished) the first time it is
     * sent, so the client has to retransmit its own last flight after the server thinks it is done.
     */
    void dropServerFinalFlightOnce() {
        dropServerFinalFlightOnce = true;
    }

    /** How many datagrams {@link #dropServerFinalFlightOnce()} has swallowed. */
    int serverFinalFlightDropped() {
        return serverFinalFlightDropped;
    }

    Set<Thread> transmitterThreads() {
        return transmitterThreads;
    }

    Set<Thread> onDatagramThreads() {
        return onDatagramThreads;
    }

    /** First byte of every datagram the endpoint sent (20 change_cipher_spec, 21 alert, 22 handshake). */
    List<Integer> firstBytesToClient() {
        return firstBytesToClient;
    }

    /** Waits until the endpoint has sent {@code count} datagrams in all; false if it did not within 10 s. */
    boolean awaitServerDatagrams(int count) throws InterruptedException {
        if (serverDatagrams.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            serverDatagrams.release(count);
            return true;
        }
        return false;
    }

    /** Waits until the client has delivered {@code count} datagrams to the endpoint. */
    boolean awaitClientDatagrams(int count) throws InterruptedException {
        if (clientDatagrams.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            clientDatagrams.release(count);
            return true;
        }
        return false;
    }

    boolean clientClosed() {
        return clientClosed;
    }

    @Override
    public void send(ByteBuf datagram) {
        try {
            transmitterThreads.add(Thread.currentThread());
            byte[] bytes = new byte[datagram.readableBytes()];
            datagram.readBytes(bytes);
            firstBytesToClient.add(bytes[0] & 0xFF);
            if (dropServerFinalFlightOnce && isFinalFlight(bytes)) {
                // Both records of the flight go; after that, retransmissions pass.
                if (++serverFinalFlightDropped == 2) {
                    dropServerFinalFlightOnce = false;
                }
                return;
            }
            toClient.add(bytes);
            serverDatagrams.release();
        } finally {
            datagram.release();
        }
    }

    /** A ChangeCipherSpec record, or a handshake record of epoch 1 (the encrypted Finished). */
    private static boolean isFinalFlight(byte[] record) {
        int contentType = record[0] & 0xFF;
        int epoch = ((record[3] & 0xFF) << 8) | (record[4] & 0xFF);
        return contentType == 20 || (contentType == 22 && epoch == 1);
    }

    /** The client's side of the link. */
    DatagramTransport clientTransport() {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                if (clientClosed) {
                    throw new IOException("client link closed");
                }
                byte[] datagram;
                try {
                    datagram = toClient.poll(waitMillis == 0 ? 60_000 : waitMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (datagram == null) {
                    throw new SocketTimeoutException();
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                if (clientClosed || clientDatagramsSent.incrementAndGet() > deliverToServerLimit) {
                    return;
                }
                feed(buf, off, len);
                clientDatagrams.release();
            }

            @Override
            public void close() {
                clientClosed = true;
            }
        };
    }

    /** Hands bytes to the endpoint the way the demultiplexer would, and checks it only borrowed them. */
    void feed(byte[] buf, int off, int len) {
        onDatagramThreads.add(Thread.currentThread());
        ByteBuf datagram = Unpooled.copiedBuffer(buf, off, len);
        try {
            endpoint.onDatagram(datagram);
            if (datagram.refCnt() != 1 || datagram.readerIndex() != 0) {
                throw new AssertionError("onDatagram must borrow: refCnt=" + datagram.refCnt()
                        + " readerIndex=" + datagram.readerIndex());
            }
        } finally {
            datagram.release();
        }
    }
}
