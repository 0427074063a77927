package io.edgeway.bench.compare;

import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunMessageWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Random;

/**
 * Readiness probe for a TURN server: a STUN Binding request over UDP (RFC 8489 §3), answered by any
 * STUN server without credentials. Blocking; used by the comparison's coordinating thread only.
 */
final class StunPing {

    private StunPing() {
    }

    /** Whether a Binding success response with our transaction id arrives within {@code timeoutMillis}. */
    static boolean ping(InetSocketAddress server, int timeoutMillis) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        new Random().nextBytes(id);
        ByteBuf request = Unpooled.buffer(64);
        try (DatagramSocket socket = new DatagramSocket(0, server.getAddress())) {
            int length = new StunMessageWriter().begin(request, StunMessageType.BINDING_REQUEST, id).finish();
            byte[] bytes = new byte[length];
            request.getBytes(0, bytes);
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(bytes, length, server));
            byte[] answer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(answer, answer.length);
            socket.receive(packet);
            StunMessage message = new StunMessage().wrap(Unpooled.wrappedBuffer(answer, 0, packet.getLength()), 0,
                    packet.getLength());
            return message.messageType() == StunMessageType.BINDING_SUCCESS && message.transactionIdEquals(id);
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException | io.edgeway.stun.codec.StunParseException e) {
            return false;
        } finally {
            request.release();
        }
    }

    /** Pings until the server answers or {@code timeoutMillis} pass. */
    static boolean awaitReady(InetSocketAddress server, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (ping(server, 300)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
