package io.edgeway.turn.netty;

import io.edgeway.core.transport.EventLoops;
import io.edgeway.core.transport.TransportKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;

/**
 * Batched datagram reads. With native epoll, {@code MAX_DATAGRAM_PAYLOAD_SIZE} makes Netty read with
 * recvmmsg, several datagrams per system call, each delivered as a slice of one receive buffer; the
 * buffer must then hold a whole batch, hence the fixed allocator sized {@code batch x max payload}.
 * Writes are batched the other way (sendmmsg) because handlers flush once per read batch.
 */
final class Datagrams {

    /** Larger than any datagram a TURN client or WebRTC peer sends (about 1,200-1,500 bytes). */
    static final int MAX_PAYLOAD = 2048;
    /** Datagrams per recvmmsg on a listening socket, where every client of the loop arrives. */
    static final int LISTENER_BATCH = 32;
    /**
     * Datagrams per recvmmsg on a relay socket, which carries one allocation's peers. Netty's native
     * recvmmsg asks the socket for IP_RECVORIGDSTADDR with a getsockopt before every call, so a relay
     * socket that wakes with a single datagram costs two system calls; reading it with plain recvmsg
     * (a batch of 1) saves that at a steady pace but halved TCP-client saturation (309k against 571k
     * relayed packets/s, TurnCompare tcp-172-unpaced) because bursts then cost a call per datagram.
     */
    static final int RELAY_BATCH = 8;

    private Datagrams() {
    }

    static void batchReads(Bootstrap bootstrap, EventLoops loops, int batch) {
        if (loops.kind() == TransportKind.EPOLL) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_PAYLOAD);
            bootstrap.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_PAYLOAD * batch));
        }
    }

    static void batchReads(DatagramChannel channel, EventLoops loops, int batch) {
        if (loops.kind() == TransportKind.EPOLL) {
            channel.config().setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_PAYLOAD);
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_PAYLOAD * batch));
        }
    }
}
