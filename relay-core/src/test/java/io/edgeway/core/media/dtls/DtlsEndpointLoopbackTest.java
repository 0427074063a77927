package io.edgeway.core.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.Test;

/**
 * The wiring the media port will use, on real sockets: a Netty UDP channel on 127.0.0.1 feeds the
 * endpoint from its event loop and transmits through {@code writeAndFlush}; a Bouncy Castle client on a
 * plain {@link DatagramSocket} plays the browser.
 */
class DtlsEndpointLoopbackTest {

    @Test
    void handshakeAndCloseOverUdpOnLoopback() throws Exception {
        TlsMaterial serverMaterial = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
        TlsMaterial clientMaterial = SelfSignedCertificates.generate("browser", List.of(), Duration.ofDays(1));
        ExecutorService handshakes = Executors.newFixedThreadPool(2, DtlsEndpointTest.named("dtls-handshake-"));
        Set<Thread> loopThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> transmitterThreads = ConcurrentHashMap.newKeySet();
        RecordingListener listener = new RecordingListener();
        DtlsServerContext context = DtlsServerContext.create(serverMaterial, handshakes);

        try (EventLoops loops = EventLoops.start(null, 1, "dtls-test-loop");
                DatagramSocket clientSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ParticipantHandler participant = new ParticipantHandler(loopThreads);
            Channel channel = new Bootstrap().group(loops.group()).channel(loops.datagramChannel())
                    .handler(participant).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            InetSocketAddress clientAddress = (InetSocketAddress) clientSocket.getLocalSocketAddress();
            DtlsEndpoint endpoint = context.newEndpoint("sha-256 " + clientMaterial.fingerprintSha256(),
                    datagram -> {
                        transmitterThreads.add(Thread.currentThread());
                        channel.writeAndFlush(new DatagramPacket(datagram, clientAddress));
                    }, listener);
            participant.endpoint = endpoint;

            clientSocket.connect(channel.localAddress());
            DtlsTestClient client = DtlsTestClient.offering(clientMaterial, context.localFingerprint(),
                    SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
            DTLSTransport clientDtls = new DTLSClientProtocol().connect(client, new UDPTransport(clientSocket, 1500));

            SrtpKeyMaterial serverKeys = listener.complete.get(10, TimeUnit.SECONDS);
            SrtpKeyMaterial clientKeys = client.exportKeys();
            assertThat(serverKeys.profile()).isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
            assertThat(serverKeys.localMasterKey()).isEqualTo(clientKeys.remoteMasterKey());
            assertThat(serverKeys.localMasterSalt()).isEqualTo(clientKeys.remoteMasterSalt());
            assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
            assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());

            clientDtls.close();
            assertThat(listener.ended.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
            assertThat(listener.events).containsExactly("complete", "close");
            channel.close().sync();
        } finally {
            handshakes.shutdownNow();
            assertThat(handshakes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        // start() and every onDatagram ran on the event loop; the handshake, the transmits and the
        // callbacks never did.
        assertThat(loopThreads).hasSize(1);
        assertThat(listener.threads).isNotEmpty().doesNotContainAnyElementsOf(loopThreads)
                .allSatisfy(t -> assertThat(t.getName()).startsWith("dtls-handshake-"));
        assertThat(transmitterThreads).isNotEmpty().doesNotContainAnyElementsOf(loopThreads)
                .allSatisfy(t -> assertThat(t.getName()).startsWith("dtls-handshake-"));
    }

    /** What the media port's demultiplexer does for a DTLS datagram, minus the classification. */
    private static final class ParticipantHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Set<Thread> loopThreads;
        volatile DtlsEndpoint endpoint;

        ParticipantHandler(Set<Thread> loopThreads) {
            this.loopThreads = loopThreads;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            loopThreads.add(Thread.currentThread());
            ByteBuf content = packet.content();
            endpoint.onDatagram(content);
            // The first record starts the handshake, from the event loop, as ICE nomination would.
            endpoint.start();
        }
    }
}
