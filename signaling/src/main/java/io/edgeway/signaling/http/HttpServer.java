package io.edgeway.signaling.http;

import io.edgeway.core.proxy.ProxyProtocol;
import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.core.sharedport.SharedPortListener;
import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's HTTP listeners: the public HTTP port (operations endpoints, control plane, SFU routes),
 * the public HTTPS port with the same routes over TLS (HTTP/1.1 and HTTP/2 by ALPN), and the optional
 * loopback-only admin port. Runs on its own small event loop group so that a slow scrape never delays
 * relayed packets; HTTP connections recognised on the shared port are moved onto it too
 * ({@link #portProtocol()}), which is why the group uses the same transport as the TURN loops.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /**
     * How the public listeners are run besides their routes.
     *
     * @param transport the event loops' transport, the TURN loops' own (null: the best available)
     * @param httpsPort the HTTPS port: -1 for off, 0 for a free port
     * @param tls       the certificate HTTPS serves (followed on reload); needed when HTTPS is on
     * @param proxy     the PROXY protocol stage of the public listeners; null for none
     */
    /**
     * @param connectionsPerSource open connections one client address may hold on a public listener
     */
    public record Options(TransportKind transport, int httpsPort, ReloadableSslContext tls, ProxyProtocol proxy,
            int connectionsPerSource) {

        /** Plain HTTP only, as before HTTPS existed. */
        public static final Options PLAIN = new Options(null, -1, null, null,
                HttpConnectionPipeline.DEFAULT_CONNECTIONS_PER_SOURCE);
    }

    private final EventLoops loops;
    private final List<Channel> channels = new ArrayList<>();
    private final List<SharedPortListener> httpsListeners = new ArrayList<>();
    private final List<InetSocketAddress> httpAddresses = new ArrayList<>();
    private final List<InetSocketAddress> httpsAddresses = new ArrayList<>();
    private InetSocketAddress adminAddress;
    private HttpConnectionPipeline publicPipeline;

    private HttpServer(EventLoops loops) {
        this.loops = loops;
    }

    /**
     * @param httpIps addresses for the HTTP port; empty means all interfaces
     * @param httpPort -1 for off, 0 for a free port
     * @param adminPort -1 for off; the admin port binds loopback only
     */
    public static HttpServer start(List<InetAddress> httpIps, int httpPort, int adminPort, OpsEndpoints endpoints)
            throws InterruptedException {
        return start(httpIps, httpPort, adminPort, endpoints, List.of());
    }

    /**
     * @param publicHandlers the rest of the public HTTP port (control plane, WebSocket, static files), in the
     *     order they see each request, all before the operations endpoints; the admin port never gets them
     */
    public static HttpServer start(List<InetAddress> httpIps, int httpPort, int adminPort, OpsEndpoints endpoints,
            List<HttpRouteHandlerFactory> publicHandlers) throws InterruptedException {
        try {
            return start(httpIps, httpPort, adminPort, endpoints, publicHandlers, Options.PLAIN);
        } catch (SSLException e) {
            throw new IllegalStateException("plain HTTP builds no TLS context", e);
        }
    }

    /**
     * @param httpIps addresses for the HTTP and HTTPS ports; empty means all interfaces
     * @param options transport, HTTPS and the PROXY protocol stage
     * @throws SSLException if the HTTPS context cannot be built from the certificate
     */
    public static HttpServer start(List<InetAddress> httpIps, int httpPort, int adminPort, OpsEndpoints endpoints,
            List<HttpRouteHandlerFactory> publicHandlers, Options options) throws InterruptedException, SSLException {
        if (options.httpsPort() >= 0 && options.tls() == null) {
            throw new IllegalArgumentException("HTTPS needs a TLS context");
        }
        HttpServer server = new HttpServer(EventLoops.start(options.transport(), 1, "edgeway-http"));
        server.publicPipeline = new HttpConnectionPipeline(endpoints, false, publicHandlers,
                options.connectionsPerSource());
        try {
            List<InetAddress> ips = httpIps.isEmpty() ? Collections.singletonList(null) : httpIps;
            for (InetAddress ip : ips) {
                if (httpPort >= 0) {
                    server.httpAddresses.add(server.bind(at(ip, httpPort), server.publicPipeline, options.proxy()));
                }
                if (options.httpsPort() >= 0) {
                    SharedPortListener https = SharedPortListener.builder("https")
                            .acceptOn(server.loops.group(), server.loops.serverSocketChannel())
                            .tls(options.tls(), List.of(server.portProtocol()))
                            .proxyProtocol(options.proxy())
                            .bind(at(ip, options.httpsPort()));
                    server.httpsListeners.add(https);
                    server.httpsAddresses.add(https.localAddress());
                }
            }
            if (adminPort >= 0) {
                server.adminAddress = server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), adminPort),
                        new HttpConnectionPipeline(endpoints, true, List.of(),
                        HttpConnectionPipeline.DEFAULT_CONNECTIONS_PER_SOURCE), null);
            }
        } catch (InterruptedException | SSLException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("HTTP listening http={} https={} admin={}", server.httpAddresses, server.httpsAddresses,
                server.adminAddress);
        return server;
    }

    private static InetSocketAddress at(InetAddress ip, int port) {
        return ip == null ? new InetSocketAddress(port) : new InetSocketAddress(ip, port);
    }

    private InetSocketAddress bind(InetSocketAddress at, HttpConnectionPipeline pipeline, ProxyProtocol proxy)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (proxy != null) {
                            proxy.install(ch, c -> pipeline.install(c.pipeline()));
                        } else {
                            pipeline.install(ch.pipeline());
                        }
                    }
                });
        Channel channel = bootstrap.bind(at).sync().channel();
        channels.add(channel);
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * HTTP as a protocol of a TLS listener elsewhere (the shared port): its connections move onto this
     * server's loop and get the public port's handlers.
     */
    public PortProtocol portProtocol() {
        return new HttpPortProtocol(publicPipeline, loops.group().next());
    }

    public List<InetSocketAddress> httpAddresses() {
        return httpAddresses;
    }

    /** The HTTPS listeners' addresses; empty when HTTPS is off. */
    public List<InetSocketAddress> httpsAddresses() {
        return httpsAddresses;
    }

    /** The HTTPS listeners, for their counters. */
    public List<SharedPortListener> httpsListeners() {
        return httpsListeners;
    }

    /** The admin listener's address, or null when off. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    @Override
    public void close() {
        for (SharedPortListener https : httpsListeners) {
            https.close();
        }
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        loops.close();
    }
}
