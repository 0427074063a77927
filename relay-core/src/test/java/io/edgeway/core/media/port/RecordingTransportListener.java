package io.edgeway.core.media.port;

import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test fixture: records a transport's callbacks, their order and the threads they came on. */
public final class RecordingTransportListener implements ParticipantTransportListener {

    public final CompletableFuture<SrtpKeyMaterial> connected = new CompletableFuture<>();
    public final CompletableFuture<ParticipantTransport.GoneReason> gone = new CompletableFuture<>();
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys) {
        threads.add(Thread.currentThread());
        events.add("connected");
        connected.complete(keys);
    }

    @Override
    public void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason, String detail) {
        threads.add(Thread.currentThread());
        events.add("gone " + reason);
        gone.complete(reason);
    }
}
