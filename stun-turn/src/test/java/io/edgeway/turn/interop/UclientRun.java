package io.edgeway.turn.interop;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation of coturn's {@code turnutils_uclient}: each of {@code clients} allocations sends
 * {@code messages} datagrams of {@code length} bytes, one every {@code intervalMs}, to the echo peer
 * through the relay, and counts what comes back. Always {@code -c} (no RTCP allocation pair, so no
 * EVEN-PORT/RESERVATION-TOKEN).
 *
 * @param label names the run's log file, with the transport, mode and credential kind
 * @param server the server's address for {@code transport}
 * @param credential for REST, {@code username} is the user id and {@code password} the shared secret
 */
public record UclientRun(
        String label,
        TurnTransport transport,
        RelayMode mode,
        CredentialKind credentialKind,
        InetSocketAddress server,
        InetSocketAddress peer,
        InteropCredentials.Credential credential,
        int clients,
        int messages,
        int length,
        int intervalMs) {

    /** The message count uclient must report sent, and received back. */
    public long expectedMessages() {
        return (long) clients * messages;
    }

    String name() {
        return label + "-" + transport.name().toLowerCase() + "-" + mode.name().toLowerCase().replace('_', '-') + "-"
                + credentialKind.name().toLowerCase().replace('_', '-');
    }

    /** uclient's argument list (after the executable). */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        switch (transport) {
            case UDP -> { }
            case TCP -> args.add("-t");
            case TLS -> {
                args.add("-t");
                args.add("-S");
            }
        }
        if (mode == RelayMode.SEND_INDICATION) {
            args.add("-s");
        }
        args.add("-c");
        args.addAll(List.of("-u", credential.username()));
        args.addAll(List.of(credentialKind == CredentialKind.REST_SECRET ? "-W" : "-w", credential.password()));
        args.addAll(List.of("-e", peer.getAddress().getHostAddress(), "-r", Integer.toString(peer.getPort())));
        args.addAll(List.of("-p", Integer.toString(server.getPort())));
        args.addAll(List.of("-m", Integer.toString(clients), "-n", Integer.toString(messages)));
        args.addAll(List.of("-l", Integer.toString(length), "-z", Integer.toString(intervalMs)));
        args.add(server.getAddress().getHostAddress());
        return args;
    }
}
