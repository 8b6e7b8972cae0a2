package io.plotstream.stream;

/**
 * The time a stream's decisions are made on: ack delay, heartbeats, backoff, rate shaping and
 * decimation buckets. Injected so tests drive those rules by advancing a fake clock instead of
 * sleeping; production uses {@link #SYSTEM}.
 */
public interface StreamClock {

    StreamClock SYSTEM = System::nanoTime;

    /** Monotonic nanoseconds, comparable only with each other (like {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Asks to be told when this clock jumps forward, so a writer asleep until a deadline on this
     * clock re-checks it. The system clock never jumps, so by default nothing is registered.
     */
    default void onAdvance(Runnable listener) {
    }
}
