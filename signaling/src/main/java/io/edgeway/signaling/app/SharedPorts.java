package io.edgeway.signaling.app;

import io.edgeway.core.media.port.IceTcpListener;
import io.edgeway.core.sharedport.PortProtocol;
import io.edgeway.core.sharedport.SharedPortListener;
import io.edgeway.core.tls.ReloadableSslContext;
import io.edgeway.ice.IceTcpPortProtocol;
import io.edgeway.signaling.http.HttpServer;
import io.edgeway.turn.config.TurnServerConfig;
import io.edgeway.turn.netty.TurnPortProtocol;
import io.edgeway.turn.netty.TurnServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The process's shared port ({@code shared-port}, 443 when on): one {@link SharedPortListener} per
 * listening address carrying, inside TLS, HTTPS/WSS (the HTTP server's routes, {@code h2} or
 * {@code http/1.1}) and TURN over TLS, and on the plain stream ICE-TCP media and TURN over TCP, each handed
 * to the same pipeline its dedicated listener gives it. Connections are accepted on TURN's event loops
 * (TURN connections stay there); HTTP ones move to the HTTP loop, ICE-TCP ones to the media port's.
 * A protocol whose own listener is off ({@code no-tls}, {@code no-tcp}, {@code ice-tcp-port: off}, the
 * SFU or HTTP off) is not carried. Once bound, the SFU announces the port as an ICE-TCP candidate.
 */
final class SharedPorts implements AutoCloseable {

    private final List<SharedPortListener> listeners;

    private SharedPorts(List<SharedPortListener> listeners) {
        this.listeners = listeners;
    }

    /** Binds the shared port as {@code config} says; no listener when it is off. */
    static SharedPorts start(EdgewayConfig config, TurnServer turn, MediaRelay media, HttpServer http,
            ReloadableSslContext tls) throws Exception {
        int port = config.get(ConfigKeys.SHARED_PORT);
        if (port < 0) {
            return new SharedPorts(List.of());
        }
        TurnServerConfig turnConfig = turn.context().config();
        // TURN first: its ALPN labels are then preferred, and a client offering both stun.turn and http/1.1
        // (coturn's uclient does) is a TURN client; browsers never offer stun.turn.
        List<PortProtocol> insideTls = new ArrayList<>();
        if (turnConfig.tlsEnabled()) {
            insideTls.add(TurnPortProtocol.overTls(turn));
        }
        if (http != null) {
            insideTls.add(http.portProtocol());
        }
        List<PortProtocol> plain = new ArrayList<>();
        IceTcpListener iceTcp = media == null ? null : media.iceTcp();
        if (iceTcp != null) {
            plain.add(new IceTcpPortProtocol(iceTcp, media.port().eventLoop()));
        }
        if (turnConfig.tcpEnabled()) {
            plain.add(TurnPortProtocol.overTcp(turn));
        }
        List<InetAddress> ips = config.get(ConfigKeys.LISTENING_IP);
        List<SharedPortListener> bound = new ArrayList<>();
        try {
            for (InetAddress ip : ips.isEmpty() ? Collections.<InetAddress>singletonList(null) : ips) {
                SharedPortListener.Builder builder = SharedPortListener.builder("shared-port")
                        .acceptOn(turn.eventLoops().group(), turn.eventLoops().serverSocketChannel())
                        .proxyProtocol(turn.proxyProtocol());
                if (!insideTls.isEmpty()) {
                    builder.tls(tls, insideTls);
                }
                plain.forEach(builder::plain);
                bound.add(builder.bind(ip == null ? new InetSocketAddress(port) : new InetSocketAddress(ip, port)));
            }
        } catch (Exception | Error e) {
            bound.forEach(SharedPortListener::close);
            throw e;
        }
        SharedPorts shared = new SharedPorts(List.copyOf(bound));
        if (iceTcp != null) {
            List<InetAddress> announced = new ArrayList<>();
            media.endpoints().forEach(e -> announced.add(e.getAddress()));
            media.plane().addPassiveTcpPort(announced, shared.port());
        }
        return shared;
    }

    /** The bound port (the kernel's choice for 0), or -1 when off. */
    int port() {
        return listeners.isEmpty() ? -1 : listeners.get(0).localAddress().getPort();
    }

    List<SharedPortListener> listeners() {
        return listeners;
    }

    @Override
    public void close() {
        listeners.forEach(SharedPortListener::close);
    }
}
