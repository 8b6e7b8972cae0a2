package io.plotstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A stream clock that moves only when a test advances it, waking the writers that sleep on it. */
final class FakeClock implements StreamClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
        listeners.forEach(Runnable::run);
    }
}
