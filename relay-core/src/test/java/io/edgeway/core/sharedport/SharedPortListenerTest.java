package io.edgeway.core.sharedport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A shared port on real loopback sockets with made-up protocols: each connection reaches the protocol its
 * first bytes (or, inside TLS, its ALPN id or first decrypted bytes) name, on that protocol's home loop,
 * with every byte from the first; garbage, silence and a flood of undecided connections are closed and
 * counted without touching the others. On native epoll and on NIO (moving a connection to another loop
 * is Netty's deregister and register; io_uring cannot do it, and the configuration refuses the pair).
 */
class SharedPortListenerTest {

    private static final Duration DECIDE = Duration.ofMillis(700);

    private EventLoops accepting;
    private EventLoops home;
    private SharedPortListener listener;
    private final ConcurrentLinkedQueue<String> installedOn = new ConcurrentLinkedQueue<>();
    private TlsMaterial material;

    /** Loops of {@code transport}: two accepting, one elsewhere for the protocols that live there. */
    private void start(TransportKind transport) {
        accepting = EventLoops.start(transport, 2, "test-accept");
        home = EventLoops.start(transport, 1, "test-home");
        assertThat(accepting.kind()).as("the transport under test is available").isEqualTo(transport);
        material = SelfSignedCertificates.generate("shared-port-test", List.of("127.0.0.1"), Duration.ofDays(1));
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        if (accepting != null) {
            accepting.close();
            home.close();
        }
    }

    /** Answers every read with "name:" and the bytes; recognised by a first byte, optionally at home elsewhere. */
    private final class Echo implements PortProtocol {
        private final String name;
        private final char first;
        private final List<String> alpn;
        private final EventLoop at;

        Echo(String name, char first, List<String> alpn, EventLoop at) {
            this.name = name;
            this.first = first;
            this.alpn = alpn;
            this.at = at;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Recognition recognise(ByteBuf head) {
            return head.getByte(head.readerIndex()) == first ? Recognition.MINE : Recognition.NOT_MINE;
        }

        @Override
        public List<String> alpnIds() {
            return alpn;
        }

        @Override
        public EventLoop home(Channel channel) {
            return at;
        }

        @Override
        public void install(Channel channel) {
            installedOn.add(name + "@" + Thread.currentThread().getName());
            channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    String tls = ctx.pipeline().get(SslHandler.class) == null ? "" : "tls,";
                    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((name + ":" + tls
                            + msg.toString(StandardCharsets.US_ASCII) + "\n").getBytes(StandardCharsets.US_ASCII)));
                }
            });
        }
    }

    private SharedPortListener bind(int maxUndecided) throws Exception {
        EventLoop elsewhere = home.group().next();
        listener = SharedPortListener.builder("test")
                .acceptOn(accepting.group(), accepting.serverSocketChannel())
                .plain(new Echo("alpha", 'A', List.of(), null))
                .plain(new Echo("beta", 'B', List.of(), elsewhere))
                .tls(new ReloadableSslContext(material), List.of(new Echo("one", '1', List.of("x-one"), null),
                        new Echo("two", '2', List.of("x-two"), elsewhere)))
                .decideTimeout(DECIDE)
                .maxUndecided(maxUndecided)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return listener;
    }

    private Socket plain() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort());
        socket.setSoTimeout(5000);
        return socket;
    }

    private SSLSocket tls(String... alpn) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", material.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", listener.localAddress().getPort());
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(alpn);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String exchange(Socket socket, String send) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(send.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void eachConnectionReachesTheProtocolItsFirstBytesNameWithEveryByte(TransportKind transport) throws Exception {
        start(transport);
        bind(16);
        try (Socket a = plain(); Socket b = plain()) {
            assertThat(exchange(a, "Alpha says hi")).isEqualTo("alpha:Alpha says hi");
            assertThat(exchange(b, "Beta")).isEqualTo("beta:Beta");
            assertThat(exchange(b, " and more")).isEqualTo("beta: and more");
        }
        assertThat(listener.handedOver("alpha")).isEqualTo(1);
        assertThat(listener.handedOver("beta")).isEqualTo(1);
        assertThat(installedOn).anyMatch(s -> s.startsWith("alpha@test-accept"))
                .anyMatch(s -> s.startsWith("beta@test-home"));
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.undecidedCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void insideTlsAlpnChoosesAndWithoutItTheFirstDecryptedBytesDo(TransportKind transport) throws Exception {
        start(transport);
        bind(16);
        try (SSLSocket byAlpn = tls("x-two"); SSLSocket bySniffing = tls(); SSLSocket unknownAlpn = tls("h3")) {
            assertThat(byAlpn.getApplicationProtocol()).isEqualTo("x-two");
            // "1..." would mean protocol one, but the agreed ALPN id already chose protocol two.
            assertThat(exchange(byAlpn, "1 hello")).isEqualTo("two:tls,1 hello");
            assertThat(exchange(bySniffing, "1 hello")).isEqualTo("one:tls,1 hello");
            assertThat(unknownAlpn.getApplicationProtocol()).isEmpty();
            assertThat(exchange(unknownAlpn, "2x")).isEqualTo("two:tls,2x");
        }
        assertThat(listener.handedOver("tls")).isEqualTo(3);
        assertThat(listener.handedOver("two")).isEqualTo(2);
        assertThat(installedOn).anyMatch(s -> s.startsWith("two@test-home"));
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void garbageAndSilenceAreClosedAndCountedWhileOthersCarryOn(TransportKind transport) throws Exception {
        start(transport);
        bind(16);
        try (Socket garbage = plain(); Socket silent = plain(); Socket halfTls = plain(); Socket good = plain()) {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(garbage.getInputStream().read()).as("garbage is closed").isEqualTo(-1);
            // A TLS record header and nothing more: the handshake never completes.
            halfTls.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00});
            assertThat(exchange(good, "A still fine")).isEqualTo("alpha:A still fine");
            assertThat(silent.getInputStream().read()).as("a silent connection times out").isEqualTo(-1);
            assertThat(halfTls.getInputStream().read()).as("a stalled handshake times out").isEqualTo(-1);
        }
        assertThat(listener.count(SharedPortCounter.UNRECOGNISED)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.count(SharedPortCounter.TIMED_OUT) == 2);
        assertThat(listener.undecidedCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void pastTheLimitUndecidedConnectionsAreRefusedAndDecidedOnesDoNotCount(TransportKind transport) throws Exception {
        start(transport);
        bind(2);
        try (Socket decided = plain()) {
            assertThat(exchange(decided, "A")).isEqualTo("alpha:A");
            try (Socket first = plain(); Socket second = plain()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> listener.undecidedCount() == 2);
                try (Socket third = plain()) {
                    assertThat(third.getInputStream().read()).as("over the limit").isEqualTo(-1);
                }
                assertThat(listener.count(SharedPortCounter.REFUSED)).isEqualTo(1);
                assertThat(exchange(first, "B late but fine")).isEqualTo("beta:B late but fine");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"EPOLL", "NIO"})
    void aTlsHandshakeThatFailsIsCounted(TransportKind transport) throws Exception {
        start(transport);
        bind(16);
        try (Socket s = plain()) {
            // A ClientHello-shaped record with a body that is not a handshake message.
            byte[] record = {0x16, 0x03, 0x01, 0x00, 0x05, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F};
            s.getOutputStream().write(record);
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // the server's alert, then the close
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.count(SharedPortCounter.TLS_FAILED) == 1);
    }
}
