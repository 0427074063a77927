package io.edgeway.core.media.dtls;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback, its order and the thread it came on. */
final class RecordingListener implements DtlsListener {

    final CompletableFuture<SrtpKeyMaterial> complete = new CompletableFuture<>();
    /** Completes with the failure reason, or with "closed" for onClose: whichever ends the association. */
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onHandshakeComplete(SrtpKeyMaterial keys) {
        threads.add(Thread.currentThread());
        events.add("complete");
        complete.complete(keys);
    }

    @Override
    public void onFailure(String reason) {
        threads.add(Thread.currentThread());
        events.add("failure: " + reason);
        complete.completeExceptionally(new IllegalStateException(reason));
        ended.complete("failure: " + reason);
    }

    @Override
    public void onClose() {
        threads.add(Thread.currentThread());
        events.add("close");
        complete.completeExceptionally(new IllegalStateException("closed"));
        ended.complete("closed");
    }
}
