package io.edgeway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The PROXY stage on an {@link EmbeddedChannel} whose peer address the test chooses: a trusted balancer's
 * v1 and v2 headers set the client address and the bytes behind them reach the protocol; a LOCAL header
 * keeps the balancer; a trusted source without a header, and an untrusted source with one, are closed and
 * counted; an untrusted source's ordinary bytes pass untouched.
 */
class ProxyProtocolTest {

    private static final InetSocketAddress BALANCER = new InetSocketAddress(address("10.9.0.2"), 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress(address("192.0.2.7"), 50000);

    private final ProxyProtocol proxy = new ProxyProtocol(a -> a.equals(BALANCER.getAddress()), Duration.ofSeconds(5));

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A connection from {@code peer} with the PROXY stage and, behind it once settled, a recording tail. */
    private static final class Connection extends EmbeddedChannel {
        private final InetSocketAddress peer;
        boolean installed;

        Connection(InetSocketAddress peer) {
            this.peer = peer;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return peer;
        }

        Consumer<Channel> next() {
            return ch -> installed = true;
        }
    }

    private Connection connect(InetSocketAddress peer) {
        Connection c = new Connection(peer);
        proxy.install(c, c.next());
        return c;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String drainInbound(EmbeddedChannel c) {
        StringBuilder all = new StringBuilder();
        for (ByteBuf b = c.readInbound(); b != null; b = c.readInbound()) {
            all.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return all.toString();
    }

    @Test
    void aTrustedBalancersVersion1HeaderNamesTheClientAndTheRestFlowsOn() {
        Connection c = connect(BALANCER);
        c.writeInbound(ascii("PROXY TCP4 203.0.113.9 198.51.100.1 51234 443\r\nGET / HTTP/1.1\r\n"));
        assertThat(c.installed).isTrue();
        assertThat(ClientAddress.of(c)).isEqualTo(new InetSocketAddress(address("203.0.113.9"), 51234));
        assertThat(ClientAddress.relayed(c)).isTrue();
        assertThat(drainInbound(c)).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(c.pipeline().names()).noneMatch(n -> n.startsWith("proxy"));
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_ACCEPTED)).isEqualTo(1);
        assertThat(c.finish()).isFalse();
    }

    @Test
    void aVersion2HeaderWorksTooAndIpv6IsKept() {
        Connection c = connect(BALANCER);
        ByteBuf header = Unpooled.buffer();
        header.writeBytes(ProxyHeaderRefusal.V2_SIGNATURE);
        header.writeByte(0x21); // version 2, PROXY
        header.writeByte(0x21); // TCP over IPv6
        header.writeShort(36);
        header.writeBytes(address("2001:db8::5").getAddress());
        header.writeBytes(address("2001:db8::1").getAddress());
        header.writeShort(5555);
        header.writeShort(443);
        header.writeBytes(new byte[] {0x16, 0x03, 0x01});
        c.writeInbound(header);
        assertThat(ClientAddress.of(c)).isEqualTo(new InetSocketAddress(address("2001:db8::5"), 5555));
        ByteBuf rest = c.readInbound();
        assertThat(rest.readableBytes()).isEqualTo(3);
        assertThat(rest.getByte(rest.readerIndex())).isEqualTo((byte) 0x16);
        rest.release();
        assertThat(c.finish()).isFalse();
    }

    @Test
    void aLocalHeaderKeepsTheBalancerAsTheClient() {
        Connection c = connect(BALANCER);
        ByteBuf header = Unpooled.buffer();
        header.writeBytes(ProxyHeaderRefusal.V2_SIGNATURE);
        header.writeByte(0x20); // version 2, LOCAL
        header.writeByte(0x00);
        header.writeShort(0);
        c.writeInbound(header);
        assertThat(c.installed).isTrue();
        assertThat(ClientAddress.of(c)).isEqualTo(BALANCER);
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_LOCAL)).isEqualTo(1);
        assertThat(c.finish()).isFalse();
    }

    @Test
    void aTrustedSourceWithoutAHeaderIsClosed() {
        Connection c = connect(BALANCER);
        c.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(c.isOpen()).isFalse();
        assertThat(c.installed).isFalse();
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_MISSING)).isEqualTo(1);
        c.finishAndReleaseAll();
    }

    @Test
    void aTrustedSourcesBinaryStreamWithoutAHeaderIsClosedAtOnceNotAfterALine() {
        Connection c = connect(BALANCER);
        // A STUN Binding request: no line end for a version 1 decoder to wait for.
        c.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4}));
        assertThat(c.isOpen()).isFalse();
        assertThat(c.installed).isFalse();
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_MISSING)).isEqualTo(1);
        c.finishAndReleaseAll();
    }

    @Test
    void aTrustedSourceThatSendsNothingIsClosedAtTheTimeout() throws Exception {
        ProxyProtocol quick = new ProxyProtocol(a -> true, Duration.ofMillis(50));
        Connection c = new Connection(BALANCER);
        quick.install(c, c.next());
        TimeUnit.MILLISECONDS.sleep(80);
        c.runScheduledPendingTasks();
        assertThat(c.isOpen()).isFalse();
        assertThat(quick.count(ProxyProtocolCounter.HEADER_MISSING)).isEqualTo(1);
        c.finishAndReleaseAll();
    }

    @Test
    void anUntrustedSourcesHeaderIsRefusedEvenInPieces() {
        Connection c = connect(STRANGER);
        c.writeInbound(ascii("PRO"));
        assertThat(c.isOpen()).as("a prefix is not yet a header").isTrue();
        c.writeInbound(ascii("XY TCP4 203.0.113.9 198.51.100.1 51234 443\r\n"));
        assertThat(c.isOpen()).isFalse();
        assertThat(c.installed).isFalse();
        assertThat(ClientAddress.of(c)).isEqualTo(STRANGER);
        assertThat(proxy.count(ProxyProtocolCounter.HEADER_REFUSED)).isEqualTo(1);
        c.finishAndReleaseAll();
    }

    @Test
    void anUntrustedSourcesOwnBytesPassUntouched() {
        Connection c = connect(STRANGER);
        c.writeInbound(ascii("POST /v1/meetings HTTP/1.1\r\n"));
        assertThat(c.installed).isTrue();
        assertThat(ClientAddress.of(c)).isEqualTo(STRANGER);
        assertThat(ClientAddress.relayed(c)).isFalse();
        assertThat(drainInbound(c)).isEqualTo("POST /v1/meetings HTTP/1.1\r\n");
        assertThat(proxy.count(ProxyProtocolCounter.DIRECT)).isEqualTo(1);
        assertThat(c.finish()).isFalse();
    }
}
