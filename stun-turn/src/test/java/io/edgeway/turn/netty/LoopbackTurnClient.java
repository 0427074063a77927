package io.edgeway.turn.netty;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.turn.core.ReceivedMessage;
import io.edgeway.turn.core.TurnRequests;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Test fixture: a tiny blocking TURN client over real UDP or TCP sockets on loopback, built on the same
 * {@link TurnRequests} builder and {@link ReceivedMessage} parser as the core's tests. It does the
 * long-term credential dance (learns the nonce from the first 401) and frames ChannelData itself,
 * padded on TCP as RFC 8656 §12.5 requires.
 *
 * <p>Not thread-safe; one per test thread. Every receive has a timeout, so a lost packet fails the test
 * instead of hanging it.
 */
final class LoopbackTurnClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 3000;

    private final DatagramSocket udp;
    private final Socket tcp;
    private final DataInputStream tcpIn;
    private final OutputStream tcpOut;
    private final InetSocketAddress server;
    private final TurnRequests.Credentials user;
    private String nonce;

    private LoopbackTurnClient(DatagramSocket udp, Socket tcp, InetSocketAddress server, TurnRequests.Credentials user)
            throws IOException {
        this.udp = udp;
        this.tcp = tcp;
        this.tcpIn = tcp == null ? null : new DataInputStream(tcp.getInputStream());
        this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        this.server = server;
        this.user = user;
    }

    static LoopbackTurnClient udp(InetSocketAddress server, TurnRequests.Credentials user) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new LoopbackTurnClient(socket, null, server, user);
    }

    static LoopbackTurnClient tcp(InetSocketAddress server, TurnRequests.Credentials user) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new LoopbackTurnClient(null, socket, server, user);
    }

    boolean isStream() {
        return tcp != null;
    }

    /** Raw bytes to the server, as they are. */
    void sendRaw(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            tcpOut.write(bytes);
            tcpOut.flush();
        }
    }

    /** The next datagram, or the next whole STUN/ChannelData frame of the stream (padding included). */
    byte[] receiveRaw() throws IOException {
        if (udp != null) {
            byte[] buffer = new byte[65536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            udp.receive(packet);
            return Arrays.copyOf(buffer, packet.getLength());
        }
        byte[] header = new byte[4];
        tcpIn.readFully(header);
        int declared = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        int rest;
        if ((header[0] & 0xC0) == 0) {
            rest = 16 + declared;
        } else if ((header[0] & 0xC0) == 0x40) {
            rest = (declared + 3) & ~3;
        } else {
            throw new AssertionError("the server sent neither STUN nor ChannelData: " + header[0]);
        }
        byte[] frame = Arrays.copyOf(header, 4 + rest);
        tcpIn.readFully(frame, 4, rest);
        return frame;
    }

    ReceivedMessage receive() throws IOException {
        return ReceivedMessage.of(receiveRaw());
    }

    /** True when the server closed the TCP connection (EOF) before the timeout. */
    boolean closedByServer() throws IOException {
        try {
            return tcpIn.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Sends a request and returns its answer, skipping data that arrived in between. */
    ReceivedMessage exchange(TurnRequests.Builder request) throws IOException {
        byte[] id = request.transactionId();
        sendRaw(request.bytes());
        while (true) {
            ReceivedMessage message = receive();
            if (!message.isChannelData() && !message.isDataIndication() && Arrays.equals(message.transactionId(), id)) {
                return message;
            }
        }
    }

    /** A signed request; learns the nonce from a 401/438 first when needed. */
    ReceivedMessage call(TurnRequests.Builder request) throws IOException {
        if (nonce == null) {
            ReceivedMessage challenge = exchange(TurnRequests.allocate());
            if (challenge.errorCode() != ErrorCode.UNAUTHENTICATED) {
                throw new AssertionError("expected 401, got " + challenge);
            }
            nonce = challenge.nonce();
        }
        ReceivedMessage answer = exchange(request.auth(user, nonce));
        if (answer.errorCode() == ErrorCode.STALE_NONCE) {
            nonce = answer.nonce();
            answer = exchange(request.newTransactionId().auth(user, nonce));
        }
        return answer;
    }

    /** Allocates and returns the relayed address; fails unless the server said yes with integrity. */
    InetSocketAddress allocate() throws IOException {
        ReceivedMessage answer = call(TurnRequests.allocate());
        if (!answer.isSuccess() || !answer.verifiesMessageIntegrity(user.md5Key())) {
            throw new AssertionError("Allocate failed: " + answer);
        }
        return answer.relayedAddress();
    }

    void createPermission(InetSocketAddress peer) throws IOException {
        expectSuccess(call(TurnRequests.createPermission(peer)));
    }

    void channelBind(int channel, InetSocketAddress peer) throws IOException {
        expectSuccess(call(TurnRequests.channelBind(channel, peer)));
    }

    private void expectSuccess(ReceivedMessage answer) {
        if (!answer.isSuccess() || !answer.verifiesMessageIntegrity(user.md5Key())) {
            throw new AssertionError("request failed: " + answer);
        }
    }

    void sendIndication(InetSocketAddress peer, byte[] data) throws IOException {
        sendRaw(TurnRequests.sendIndication(peer, data).bytes());
    }

    /** One ChannelData message, padded to four bytes on TCP (RFC 8656 §12.5). */
    static byte[] channelDataFrame(int channel, byte[] data, boolean stream) {
        int padded = stream ? (data.length + 3) & ~3 : data.length;
        byte[] frame = new byte[4 + padded];
        frame[0] = (byte) (channel >>> 8);
        frame[1] = (byte) channel;
        frame[2] = (byte) (data.length >>> 8);
        frame[3] = (byte) data.length;
        System.arraycopy(data, 0, frame, 4, data.length);
        return frame;
    }

    void channelData(int channel, byte[] data) throws IOException {
        sendRaw(channelDataFrame(channel, data, isStream()));
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
