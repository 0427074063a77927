package io.edgeway.signaling.http;

import io.edgeway.core.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's HTTP listeners: the public HTTP port (operations endpoints today, the control plane
 * later) and the optional loopback-only admin port. Runs on its own small event loop group so that a
 * slow scrape never delays relayed packets.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final EventLoops loops;
    private final List<Channel> channels = new ArrayList<>();
    private final List<InetSocketAddress> httpAddresses = new ArrayList<>();
    private InetSocketAddress adminAddress;

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
        HttpServer server = new HttpServer(EventLoops.start(null, 1, "edgeway-http"));
        try {
            if (httpPort >= 0) {
                List<InetAddress> ips = httpIps.isEmpty() ? java.util.Collections.singletonList(null) : httpIps;
                for (InetAddress ip : ips) {
                    InetSocketAddress at = ip == null ? new InetSocketAddress(httpPort) : new InetSocketAddress(ip, httpPort);
                    server.httpAddresses.add(server.bind(at, endpoints, false, publicHandlers));
                }
            }
            if (adminPort >= 0) {
                server.adminAddress = server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), adminPort),
                        endpoints, true, List.of());
            }
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("HTTP listening http={} admin={}", server.httpAddresses, server.adminAddress);
        return server;
    }

    private InetSocketAddress bind(InetSocketAddress at, OpsEndpoints endpoints, boolean admin,
            List<HttpRouteHandlerFactory> publicHandlers) throws InterruptedException {
        HttpConnectionPipeline pipeline = new HttpConnectionPipeline(endpoints, admin, publicHandlers);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.install(ch.pipeline());
                    }
                });
        Channel channel = bootstrap.bind(at).sync().channel();
        channels.add(channel);
        return (InetSocketAddress) channel.localAddress();
    }

    public List<InetSocketAddress> httpAddresses() {
        return httpAddresses;
    }

    /** The admin listener's address, or null when off. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        loops.close();
    }
}
