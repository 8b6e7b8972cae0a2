package io.plotstream.server.log;

import java.util.function.BooleanSupplier;

/** Waits for a condition the engine reaches on its own thread (never a fixed sleep before an assert). */
final class Waiting {
    private Waiting() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
