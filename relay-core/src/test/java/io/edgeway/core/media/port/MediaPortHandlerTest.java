package io.edgeway.core.media.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.time.ManualClock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demultiplexer on an {@link EmbeddedChannel}: buffer ownership on every path, nothing reaching the
 * pipeline's tail, one flush per read batch, one clock reading per read batch.
 */
class MediaPortHandlerTest {

    private static final TlsMaterial SERVER = SelfSignedCertificates.generate("edgeway-sfu", List.of(), Duration.ofDays(1));
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 10000);
    private static final InetSocketAddress KNOWN = new InetSocketAddress("192.0.2.10", 50000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.66", 50000);

    private final ManualClock clock = new ManualClock();
    private final EchoStunHandler stun = new EchoStunHandler();
    private final List<Long> mediaTimes = new ArrayList<>();
    private ExecutorService handshakes;
    private EmbeddedChannel channel;
    private MediaPort port;
    private ParticipantTransport transport;

    @BeforeEach
    void attach() {
        handshakes = Executors.newSingleThreadExecutor();
        channel = new EmbeddedChannel();
        DtlsServerContext dtls = new DtlsServerContext(SERVER, handshakes, clock,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, ByteBufAllocator.DEFAULT);
        port = MediaPort.attach(channel, stun, (now, from, packet) -> mediaTimes.add(now), dtls, clock);
        transport = port.newTransport("p1", CertificateFingerprint.sha256(SERVER), new RecordingTransportListener());
        transport.pairValidated(KNOWN);
    }

    @AfterEach
    void detach() throws InterruptedException {
        port.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        handshakes.shutdownNow();
        assertThat(handshakes.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void everyDatagramIsReleasedWhateverItsFateAndCountedOnce() {
        List<DatagramPacket> inputs = List.of(
                datagram(KNOWN, 0, 1, 0, 0),            // STUN, echoed
                datagram(KNOWN, 3, 0, 0, 0),            // "not STUN after all"
                datagram(KNOWN, 2, 0, 0, 0),            // the STUN handler throws
                datagram(KNOWN, 22, 0xfe, 0xfd, 0),     // DTLS from the participant: copied into its queue
                datagram(STRANGER, 22, 0xfe, 0xfd, 0),  // DTLS from nobody's pair
                datagram(KNOWN, 0x80, 111, 0, 1),       // RTP from the participant
                datagram(STRANGER, 0x80, 111, 0, 1),    // RTP from nobody's pair
                datagram(KNOWN),                        // empty
                datagram(KNOWN, 64, 0, 0, 0),           // ChannelData has no business here
                datagram(KNOWN, 255));
        for (DatagramPacket input : inputs) {
            channel.pipeline().fireChannelRead(input);
        }
        channel.pipeline().fireChannelReadComplete();
        Object notADatagram = Unpooled.buffer(4).writeInt(7);
        channel.pipeline().fireChannelRead(notADatagram);

        assertThat(inputs).allSatisfy(p -> assertThat(p.refCnt()).isZero());
        assertThat(((ByteBuf) notADatagram).refCnt()).isZero();
        channel.checkException();
        assertThat(port.count(MediaPortCounter.STUN_HANDLED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.STUN_MALFORMED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.HANDLER_FAILED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.DTLS_DELIVERED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.DTLS_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.MEDIA_DELIVERED)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.MEDIA_UNKNOWN_SOURCE)).isEqualTo(1);
        assertThat(port.count(MediaPortCounter.UNCLASSIFIED)).isEqualTo(3);
        DatagramPacket echo = channel.readOutbound();
        try {
            assertThat(echo.recipient()).isEqualTo(KNOWN);
        } finally {
            echo.release();
        }
    }

    @Test
    void answersAreFlushedOncePerReadBatchAndTheClockIsReadOncePerBatch() {
        long first = clock.nanos();
        channel.pipeline().fireChannelRead(datagram(KNOWN, 0, 1, 0, 0));
        clock.advance(Duration.ofMillis(5));
        channel.pipeline().fireChannelRead(datagram(KNOWN, 0x80, 111, 0, 1));
        assertThat(channel.outboundMessages()).as("nothing flushed inside the batch").isEmpty();

        channel.pipeline().fireChannelReadComplete();
        assertThat(channel.outboundMessages()).hasSize(1);
        channel.pipeline().fireChannelRead(datagram(KNOWN, 0x80, 111, 0, 2));
        channel.pipeline().fireChannelReadComplete();

        assertThat(mediaTimes).containsExactly(first, first + Duration.ofMillis(5).toNanos());
        DatagramPacket echo = channel.readOutbound();
        echo.release();
    }

    @Test
    void mediaIsFlushedEveryMaxUnflushedDatagramsAndTheReadBatchFlushesTheRest() {
        transport.pairSelected(KNOWN);
        int fanOut = 2 * MediaPort.MAX_UNFLUSHED + 5;
        for (int i = 0; i < fanOut; i++) {
            assertThat(transport.sendMedia(transport.alloc().directBuffer(4).writeInt(0x80600000 + i))).isTrue();
            // Netty recycles at most 32 write entries per thread without allocating: never more unflushed.
            assertThat(channel.outboundMessages()).hasSize((i + 1) / MediaPort.MAX_UNFLUSHED * MediaPort.MAX_UNFLUSHED);
        }
        channel.pipeline().fireChannelReadComplete();
        assertThat(channel.outboundMessages()).hasSize(fanOut);
        for (int i = 0; i < fanOut; i++) {
            DatagramPacket copy = channel.readOutbound();
            try {
                assertThat(copy.recipient()).isEqualTo(KNOWN);
                assertThat(copy.content().getInt(0)).as("in the order sent").isEqualTo(0x80600000 + i);
            } finally {
                copy.release();
            }
        }

        // The read batch's flush starts the count again.
        for (int i = 0; i < MediaPort.MAX_UNFLUSHED - 1; i++) {
            transport.sendMedia(transport.alloc().directBuffer(4).writeInt(0x80600000 + i));
        }
        assertThat(channel.outboundMessages()).isEmpty();
        transport.sendMedia(transport.alloc().directBuffer(4).writeInt(0x80600000));
        assertThat(channel.outboundMessages()).hasSize(MediaPort.MAX_UNFLUSHED);
        channel.releaseOutbound();
    }

    @Test
    void mediaSentBeforeAPairIsSelectedIsReleasedNotWritten() {
        ByteBuf packet = transport.alloc().directBuffer(4).writeInt(0x80600001);

        assertThat(transport.sendMedia(packet)).isFalse();
        assertThat(packet.refCnt()).isZero();
        channel.pipeline().fireChannelReadComplete();
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void mediaSentAfterTheTransportIsGoneIsReleasedNotWritten() {
        transport.close();
        ByteBuf packet = transport.alloc().directBuffer(4).writeInt(0x80600001);

        assertThat(transport.sendMedia(packet)).isFalse();
        assertThat(packet.refCnt()).isZero();
    }

    private DatagramPacket datagram(InetSocketAddress from, int... bytes) {
        ByteBuf content = channel.alloc().buffer(bytes.length);
        for (int b : bytes) {
            content.writeByte(b);
        }
        return new DatagramPacket(content, LOCAL, from);
    }
}
