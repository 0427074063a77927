package io.edgeway.ice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Test fixture: a plain {@link Socket} to an ICE-TCP port speaking RFC 4571 framing (16-bit length, then
 * the packet), as the active side of RFC 6544. Also a Bouncy Castle {@link DatagramTransport} over those
 * frames, so a DTLS client can run over the same connection as the ICE check. Not thread-safe.
 */
final class Rfc4571Stream implements DatagramTransport, AutoCloseable {

    private static final int MTU = 1500;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    Rfc4571Stream(InetSocketAddress to) throws IOException {
        socket = new Socket(to.getAddress(), to.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** This end of the connection: the remote end of the pair as the server sees it. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void writeFrame(byte[] packet) throws IOException {
        out.writeShort(packet.length);
        out.write(packet);
        out.flush();
    }

    /** Writes bytes as they are, without framing. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame; blocks up to the socket timeout. */
    byte[] readFrame() throws IOException {
        int length = in.readUnsignedShort();
        byte[] packet = new byte[length];
        in.readFully(packet);
        return packet;
    }

    /** Sends an encoded check (released here) and returns the first frame back. */
    byte[] exchange(IceChecks.Check check) throws IOException {
        ByteBuf encoded = check.encode();
        try {
            writeFrame(ByteBufUtil.getBytes(encoded));
        } finally {
            encoded.release();
        }
        return readFrame();
    }

    /** Whether the server closed the connection: a read sees end of stream (or a reset). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public int getReceiveLimit() {
        return MTU;
    }

    @Override
    public int getSendLimit() {
        return MTU;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, waitMillis));
        byte[] frame;
        try {
            // Frames arrive whole on loopback, so a timeout never splits one here.
            frame = readFrame();
        } catch (SocketTimeoutException idle) {
            return -1;
        } finally {
            socket.setSoTimeout(5_000);
        }
        int n = Math.min(len, frame.length);
        System.arraycopy(frame, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        writeFrame(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
