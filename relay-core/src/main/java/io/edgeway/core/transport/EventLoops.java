package io.edgeway.core.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops of the process and the channel classes that go with them. Native epoll is the
 * default on Linux (SO_REUSEPORT lets every loop own a listening UDP socket on the same port, and
 * recvmmsg batches reads); io_uring only when asked for, since kernels vary in its maturity; NIO
 * everywhere else. The choice is made once at start and logged.
 */
public final class EventLoops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    private final TransportKind kind;
    private final EventLoopGroup group;
    private final int threads;

    private EventLoops(TransportKind kind, EventLoopGroup group, int threads) {
        this.kind = kind;
        this.group = group;
        this.threads = threads;
    }

    /**
     * Starts {@code threads} event loops (0 = one per available processor) on the best transport
     * allowed by {@code preferred}; {@code null} or AUTO-like callers pass {@code null}.
     */
    public static EventLoops start(TransportKind preferred, int threads, String namePrefix) {
        int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        TransportKind kind = choose(preferred);
        IoHandlerFactory factory;
        switch (kind) {
            case IO_URING:
                factory = IoUringIoHandler.newFactory();
                break;
            case EPOLL:
                factory = EpollIoHandler.newFactory();
                break;
            default:
                factory = NioIoHandler.newFactory();
                break;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory(namePrefix, true), factory);
        nameByIndex(group, namePrefix);
        LOG.info("event loops started transport={} threads={}", kind, count);
        return new EventLoops(kind, group, count);
    }

    /**
     * Names each loop's thread {@code <prefix>-<index>}, the index of {@link #loops()} and of the metrics'
     * {@code loop} label: the thread factory's own names ({@code <prefix>-<pool>-<n>}, numbered as threads
     * happen to start) are cut to 15 characters by the kernel, so every loop read the same in
     * {@code /proc/<pid>/task/<tid>/comm}, where per-thread CPU is measured (the SFU's loops are compared
     * by it). Starts every loop's thread now.
     */
    private static void nameByIndex(EventLoopGroup group, String namePrefix) {
        int index = 0;
        for (EventExecutor executor : group) {
            String name = namePrefix + "-" + index++;
            executor.submit(() -> Thread.currentThread().setName(name)).syncUninterruptibly();
        }
    }

    private static TransportKind choose(TransportKind preferred) {
        if (preferred == TransportKind.NIO) {
            return TransportKind.NIO;
        }
        if (preferred == TransportKind.IO_URING) {
            if (IoUring.isAvailable()) {
                return TransportKind.IO_URING;
            }
            LOG.warn("io_uring requested but unavailable ({}); falling back", String.valueOf(IoUring.unavailabilityCause()));
        }
        if (Epoll.isAvailable()) {
            return TransportKind.EPOLL;
        }
        if (preferred == TransportKind.EPOLL) {
            LOG.warn("epoll requested but unavailable ({}); falling back to NIO", String.valueOf(Epoll.unavailabilityCause()));
        } else {
            LOG.info("native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        }
        return TransportKind.NIO;
    }

    public TransportKind kind() {
        return kind;
    }

    public EventLoopGroup group() {
        return group;
    }

    public int threads() {
        return threads;
    }

    /**
     * Every event loop, in the group's order: the loop at index {@code i} is the one the metrics label
     * {@code loop="i"} ({@code EventLoopMetrics}), and the one a component placed "on loop i" runs on.
     */
    public List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>(threads);
        for (EventExecutor executor : group) {
            loops.add((EventLoop) executor);
        }
        return List.copyOf(loops);
    }

    /** Whether several sockets may bind one UDP port, each on its own loop (SO_REUSEPORT). */
    public boolean supportsReusePort() {
        return kind != TransportKind.NIO;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        switch (kind) {
            case IO_URING: return IoUringDatagramChannel.class;
            case EPOLL: return EpollDatagramChannel.class;
            default: return NioDatagramChannel.class;
        }
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        switch (kind) {
            case IO_URING: return IoUringServerSocketChannel.class;
            case EPOLL: return EpollServerSocketChannel.class;
            default: return NioServerSocketChannel.class;
        }
    }

    public Class<? extends SocketChannel> socketChannel() {
        switch (kind) {
            case IO_URING: return IoUringSocketChannel.class;
            case EPOLL: return EpollSocketChannel.class;
            default: return NioSocketChannel.class;
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
