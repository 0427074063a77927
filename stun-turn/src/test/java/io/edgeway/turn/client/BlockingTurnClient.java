package io.edgeway.turn.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A blocking TURN client for tests: {@link TurnClientSession} (the project's one client-side protocol
 * implementation) over a plain {@link DatagramSocket}, {@link Socket} or {@link SSLSocket}. Each call
 * sends, then reads until the session reports the outcome or the timeout passes.
 *
 * <p>Not for load (see bench): one thread, one request at a time, a buffer per message.
 */
public final class BlockingTurnClient implements AutoCloseable {

    /** The client's transport to the server. */
    public enum Transport { UDP, TCP, TLS }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TurnClientSession session;
    private final Transport transport;
    private final DatagramSocket udp;
    private final Socket stream;
    private final ByteBuf inbound = Unpooled.buffer(4096);
    private byte[] lastData;

    private BlockingTurnClient(TurnClientCredentials credentials, Transport transport, DatagramSocket udp, Socket stream) {
        this.session = new TurnClientSession(credentials, transport != Transport.UDP, new SecureRandom());
        this.transport = transport;
        this.udp = udp;
        this.stream = stream;
    }

    public static BlockingTurnClient udp(InetSocketAddress server, TurnClientCredentials credentials) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        socket.connect(server);
        socket.setSoTimeout(200);
        return new BlockingTurnClient(credentials, Transport.UDP, socket, null);
    }

    public static BlockingTurnClient tcp(InetSocketAddress server, TurnClientCredentials credentials) throws IOException {
        Socket socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(200);
        socket.setTcpNoDelay(true);
        return new BlockingTurnClient(credentials, Transport.TCP, null, socket);
    }

    /** TLS that trusts any certificate: tests read the certificate they were served with {@link #serverCertificate()}. */
    public static BlockingTurnClient tls(InetSocketAddress server, TurnClientCredentials credentials) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.getAddress(), server.getPort());
        socket.setSoTimeout(5000);
        socket.startHandshake();
        socket.setSoTimeout(200);
        return new BlockingTurnClient(credentials, Transport.TLS, null, socket);
    }

    /** The leaf certificate the TLS server presented. */
    public X509Certificate serverCertificate() throws Exception {
        return (X509Certificate) ((SSLSocket) stream).getSession().getPeerCertificates()[0];
    }

    public TurnClientSession session() {
        return session;
    }

    /** Allocates; returns the event (ALLOCATED or FAILED with {@code session().errorCode()}). */
    public TurnClientEvent allocate() throws IOException {
        return request(out -> session.writeAllocate(out, System.nanoTime(), 0));
    }

    public TurnClientEvent createPermission(InetSocketAddress peer) throws IOException {
        return request(out -> session.writeCreatePermission(out, System.nanoTime(), peer));
    }

    public TurnClientEvent channelBind(int channel, InetSocketAddress peer) throws IOException {
        return request(out -> session.writeChannelBind(out, System.nanoTime(), channel, peer));
    }

    public TurnClientEvent refresh(long lifetimeSeconds) throws IOException {
        return request(out -> session.writeRefresh(out, System.nanoTime(), lifetimeSeconds));
    }

    public void sendChannelData(int channel, byte[] payload) throws IOException {
        ByteBuf data = Unpooled.wrappedBuffer(payload);
        ByteBuf out = Unpooled.buffer(payload.length + 8);
        try {
            session.writeChannelData(out, channel, data, 0, payload.length);
            write(out);
        } finally {
            data.release();
            out.release();
        }
    }

    public void sendIndication(InetSocketAddress peer, byte[] payload) throws IOException {
        ByteBuf data = Unpooled.wrappedBuffer(payload);
        ByteBuf out = Unpooled.buffer(payload.length + 64);
        try {
            session.writeSendIndication(out, peer, data, 0, payload.length);
            write(out);
        } finally {
            data.release();
            out.release();
        }
    }

    /** Waits for application data relayed from a peer; null when none came in time. */
    public byte[] receiveData(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TurnClientEvent event = readOne();
            if (event == TurnClientEvent.DATA) {
                return lastData;
            }
        }
        return null;
    }

    private interface Writer {
        int write(ByteBuf out);
    }

    private TurnClientEvent request(Writer writer) throws IOException {
        ByteBuf out = Unpooled.buffer(512);
        try {
            writer.write(out);
            write(out);
        } finally {
            out.release();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            TurnClientEvent event = readOne();
            if (event == null) {
                event = session.hasPendingRequest() && session.nextDeadline() <= System.nanoTime()
                        ? session.onTimeout(System.nanoTime()) : TurnClientEvent.NONE;
            }
            switch (event) {
                case RETRY:
                case RETRANSMIT:
                    ByteBuf again = Unpooled.buffer(512);
                    try {
                        session.writePending(again, System.nanoTime());
                        write(again);
                    } finally {
                        again.release();
                    }
                    break;
                case NONE:
                case DATA:
                    break;
                default:
                    return event;
            }
        }
        session.abandon();
        return TurnClientEvent.FAILED;
    }

    private void write(ByteBuf out) throws IOException {
        byte[] bytes = new byte[out.readableBytes()];
        out.getBytes(out.readerIndex(), bytes);
        if (transport == Transport.UDP) {
            udp.send(new DatagramPacket(bytes, bytes.length));
        } else {
            OutputStream os = stream.getOutputStream();
            os.write(bytes);
            os.flush();
        }
    }

    /** Reads one message; null when nothing arrived within the short socket timeout. */
    private TurnClientEvent readOne() throws IOException {
        if (transport == Transport.UDP) {
            byte[] buffer = new byte[65536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(buffer, 0, packet.getLength());
            try {
                return deliver(buf, 0, packet.getLength());
            } finally {
                buf.release();
            }
        }
        int frame = TurnStreamFraming.frameLength(inbound, inbound.readerIndex(), inbound.readableBytes());
        if (frame == TurnStreamFraming.NEED_MORE) {
            InputStream in = stream.getInputStream();
            byte[] chunk = new byte[4096];
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                throw new IOException("server closed the connection");
            }
            inbound.writeBytes(chunk, 0, n);
            return TurnClientEvent.NONE;
        }
        if (frame == TurnStreamFraming.NOT_TURN) {
            throw new IOException("server sent bytes that are neither STUN nor ChannelData");
        }
        int start = inbound.readerIndex();
        TurnClientEvent event = deliver(inbound, start, TurnStreamFraming.messageLength(inbound, start));
        inbound.skipBytes(frame);
        inbound.discardReadBytes();
        return event;
    }

    private TurnClientEvent deliver(ByteBuf buf, int offset, int length) {
        TurnClientEvent event = session.onReceive(System.nanoTime(), buf, offset, length);
        if (event == TurnClientEvent.DATA) {
            lastData = new byte[session.dataLength()];
            buf.getBytes(session.dataOffset(), lastData);
        }
        return event;
    }

    @Override
    public void close() {
        inbound.release();
        if (udp != null) {
            udp.close();
        }
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing a test socket.
            }
        }
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
