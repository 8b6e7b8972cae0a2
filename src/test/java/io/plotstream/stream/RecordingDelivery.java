package io.plotstream.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Delivery} that remembers what it was told, and when. */
final class RecordingDelivery implements Delivery {
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    volatile StreamException failure;
    volatile long deliveredAtNanos;

    static List<RecordingDelivery> many(int n) {
        List<RecordingDelivery> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new RecordingDelivery());
        }
        return all;
    }

    static boolean allDelivered(List<RecordingDelivery> all) {
        return all.stream().allMatch(d -> d.delivered.get() == 1);
    }

    static boolean allFailed(List<RecordingDelivery> all) {
        return all.stream().allMatch(d -> d.failed.get() == 1);
    }

    /** Told exactly once, one way or the other. */
    boolean toldOnce() {
        return delivered.get() + failed.get() == 1;
    }

    @Override
    public void delivered() {
        deliveredAtNanos = System.nanoTime();
        delivered.incrementAndGet();
    }

    @Override
    public void failed(StreamException cause) {
        failure = cause;
        failed.incrementAndGet();
    }
}
