package io.edgeway.signaling.session;

import io.edgeway.signaling.model.Poll;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session layer of a process whose meetings are spread over its event loops: one
 * {@link SignalingService} per loop, each owning the meetings placed on it with their media (the loop's
 * media port, rooms and transports), so that a meeting is single-threaded and no lock is taken on its
 * signaling or packet path. This router sits between the WebSocket and those services; it holds no
 * protocol logic and never looks at a message beyond a join's meeting.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li><b>Placement.</b> A connection's {@code join} names its meeting, and the meeting's key can be read
 *       before anything is checked ({@link JoinAuthenticator#meetingKey}: an open session's name, a token's
 *       unverified {@code meeting_id}). A key already placed goes to its loop; a new one goes to the
 *       least-loaded loop: the fewest connections placed there, then the fewest meetings, then the lowest
 *       index. The loop's service then checks the join exactly as a lone service would; a join that lied
 *       about its meeting is refused there. A join that names nothing goes to the least-loaded loop, which
 *       refuses it.</li>
 *   <li><b>A connection's other messages</b> go to the loop of its join, in order (each service hands them
 *       to its loop's queue). Before any join they go to the first loop, which answers {@code not_joined}.</li>
 *   <li><b>A second join on a connection</b> (allowed after {@code leave}, docs/SIGNALING.md) may name a
 *       meeting of another loop. Whether the connection is still in its meeting is known only on its loop,
 *       after the messages before the join: the join is sent there as a question. Still joined (or joining),
 *       that loop answers it ({@code already_joined}); otherwise the connection is placed anew. Messages
 *       that arrive meanwhile wait in the connection's route and follow the join, in order.</li>
 *   <li><b>A placement lasts</b> while any connection placed with its key is open. It is given back on the
 *       loop, after the loop has handled the connection's disconnect, so a meeting never outlives its
 *       placement: every participant of a meeting has an open connection placed with its key, and a
 *       meeting is closed with its last participant. Two loops therefore never hold meetings of one key.</li>
 * </ol>
 * Why connections and not CPU: a meeting's cost shows only once its participants publish, and a loop's CPU
 * is a noisy, lagging sample; the connections placed on a loop count at once, and with slots
 * (a bounded number of streams per subscriber) a loop's forwarding work grows with its participants.
 *
 * <h2>Limits across loops</h2>
 * The 100 participants of a meeting are its loop's to check (a meeting is on one loop); live token sessions
 * are the control plane's; live open-session meetings share one {@link OpenMeetingBudget}. {@link #drain},
 * {@link #close} and the counts cover every loop.
 *
 * <h2>Threading</h2>
 * Any thread. A connection's calls must arrive in order and its disconnect after its last message, as the
 * WebSocket handler guarantees. Placement takes the router's monitor, and a connection's route its own,
 * once per join and per disconnect: nothing per packet, nothing per message beyond a map lookup.
 */
public final class SignalingRouter implements SignalingEndpoint {

    private final List<Shard> shards;
    private final JoinAuthenticator keys;
    private final ConcurrentHashMap<SignalingConnection, Route> routes = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Map<String, Placement> placements = new HashMap<>();

    /**
     * @param services one per event loop, in loop order, sharing one {@link OpenMeetingBudget}
     * @param keys     reads a join's meeting key (the services' authenticator)
     */
    public SignalingRouter(List<SignalingService> services, JoinAuthenticator keys) {
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a signaling router needs at least one service");
        }
        List<Shard> list = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            list.add(new Shard(i, Objects.requireNonNull(services.get(i), "service")));
        }
        this.shards = List.copyOf(list);
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    // ------------------------------------------------------------------------------------------------
    // Messages (any thread)
    // ------------------------------------------------------------------------------------------------

    @Override
    public void received(SignalingConnection connection, ClientMessage message) {
        if (!(message instanceof ClientMessage.Join join)) {
            Route route = routes.get(connection);
            if (route == null) {
                shards.get(0).service.received(connection, message);
                return;
            }
            synchronized (route) {
                if (route.held != null) {
                    route.held.add(() -> route.shard.service.received(connection, message));
                } else {
                    route.shard.service.received(connection, message);
                }
            }
            return;
        }
        Route route = routes.computeIfAbsent(connection, c -> new Route());
        synchronized (route) {
            if (route.held != null) {
                route.held.add(() -> rejoinOrAnswer(connection, route, join));
                return;
            }
            if (route.shard == null) {
                place(route, join);
                route.shard.service.received(connection, join);
                return;
            }
            rejoinOrAnswer(connection, route, join);
        }
    }

    @Override
    public void disconnected(SignalingConnection connection) {
        Route route = routes.remove(connection);
        if (route == null) {
            return;
        }
        synchronized (route) {
            if (route.held != null) {
                route.held.add(() -> leave(connection, route));
            } else {
                leave(connection, route);
            }
        }
    }

    /** Holding the route: the join asks its current loop first, and the answer decides (see the class doc). */
    private void rejoinOrAnswer(SignalingConnection connection, Route route, ClientMessage.Join join) {
        Shard current = route.shard;
        route.held = new ArrayDeque<>();
        current.service.onLoop(() -> {
            synchronized (route) {
                if (current.service.holds(connection)) {
                    current.service.received(connection, join); // already_joined, answered there
                } else {
                    release(route);
                    place(route, join);
                    route.shard.service.received(connection, join);
                }
                ArrayDeque<Runnable> waiting = route.held;
                route.held = null;
                // A waiting second join may set held again; what waits behind it waits behind that one.
                while (!waiting.isEmpty()) {
                    if (route.held != null) {
                        route.held.addAll(waiting);
                        break;
                    }
                    waiting.pollFirst().run();
                }
            }
        });
    }

    /** Holding the route: the disconnect goes to the connection's loop, then its placement is given back there. */
    private void leave(SignalingConnection connection, Route route) {
        Shard shard = route.shard;
        if (shard == null) {
            return;
        }
        shard.service.disconnected(connection);
        shard.service.onLoop(() -> {
            synchronized (route) {
                release(route);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------
    // Placement
    // ------------------------------------------------------------------------------------------------

    /** Puts {@code route} on the loop of the meeting {@code join} names, placing the meeting if it is new. */
    private synchronized void place(Route route, ClientMessage.Join join) {
        String key = keys.meetingKey(join.fields());
        if (key == null) {
            route.shard = leastLoaded();
            route.placement = null;
            return;
        }
        Placement placement = placements.get(key);
        if (placement == null) {
            placement = new Placement(key, leastLoaded());
            placements.put(key, placement);
            placement.shard.meetings++;
        }
        placement.connections++;
        placement.shard.connections++;
        route.placement = placement;
        route.shard = placement.shard;
    }

    /** The connection of {@code route} no longer counts for its meeting's placement. */
    private synchronized void release(Route route) {
        Placement placement = route.placement;
        if (placement == null) {
            return;
        }
        route.placement = null;
        placement.shard.connections--;
        if (--placement.connections == 0) {
            placements.remove(placement.key, placement);
            placement.shard.meetings--;
        }
    }

    private Shard leastLoaded() {
        return shards.stream().min(Comparator.<Shard>comparingInt(s -> s.connections)
                .thenComparingInt(s -> s.meetings).thenComparingInt(s -> s.index)).orElseThrow();
    }

    /** The index of the loop meeting {@code key} is placed on, or -1 when no open connection names it. */
    public synchronized int loopOf(String key) {
        Placement placement = placements.get(key);
        return placement == null ? -1 : placement.shard.index;
    }

    /** Connections placed on loop {@code index} now (the figure placement compares). */
    public synchronized int placedConnections(int index) {
        return shards.get(index).connections;
    }

    // ------------------------------------------------------------------------------------------------
    // The process's view of every loop (any thread)
    // ------------------------------------------------------------------------------------------------

    /** The services, in loop order. */
    public List<SignalingService> services() {
        List<SignalingService> services = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            services.add(shard.service);
        }
        return services;
    }

    /** From now on every loop refuses joins with {@code draining}; participants in meetings stay. */
    public void drain() {
        for (Shard shard : shards) {
            shard.service.drain();
        }
    }

    public boolean draining() {
        return shards.get(0).service.draining();
    }

    /** Participants in meetings on every loop. */
    public int participantCount() {
        int n = 0;
        for (Shard shard : shards) {
            n += shard.service.participantCount();
        }
        return n;
    }

    /** Meetings with at least one participant, on every loop. */
    public int meetingCount() {
        int n = 0;
        for (Shard shard : shards) {
            n += shard.service.meetingCount();
        }
        return n;
    }

    /** Removes everyone on every loop (reason {@code server_shutdown}), the loops at once, each within {@code timeout}. */
    public void close(Duration timeout) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Shard shard : shards) {
            closing.add(CompletableFuture.runAsync(() -> shard.service.close(timeout)));
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).join();
    }

    /**
     * {@link SignalingService#createPoll} in the meeting's loop; empty when nobody is connected to that
     * meeting here.
     */
    public CompletionStage<Optional<Poll>> createPoll(String realm, String meetingId, String question,
            List<String> options, boolean anonymous, boolean hideVotes) {
        int loop = loopOf(MeetingKey.of(realm, meetingId));
        if (loop < 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return shards.get(loop).service.createPoll(realm, meetingId, question, options, anonymous, hideVotes);
    }

    /** One loop's service and what placement counts of it (guarded by the router). */
    private static final class Shard {
        final int index;
        final SignalingService service;
        int connections;
        int meetings;

        Shard(int index, SignalingService service) {
            this.index = index;
            this.service = service;
        }
    }

    /** A meeting key's loop, while connections placed with it are open (guarded by the router). */
    private static final class Placement {
        final String key;
        final Shard shard;
        int connections;

        Placement(String key, Shard shard) {
            this.key = key;
            this.shard = shard;
        }
    }

    /** One connection: its loop, its placement, and what waits while a second join is decided (guarded by itself). */
    private static final class Route {
        Shard shard;
        Placement placement;
        ArrayDeque<Runnable> held;
    }
}
