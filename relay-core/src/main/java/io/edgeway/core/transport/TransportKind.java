package io.edgeway.core.transport;

/** The Netty I/O backends Edgeway can run on, best first. */
public enum TransportKind {
    IO_URING, EPOLL, NIO
}
