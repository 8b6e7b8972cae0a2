package io.plotstream.bench;

/** The measured interval of a harness run: frames received outside it (warm-up, shutdown) are not counted. */
final class MeasureWindow {
    private volatile long openedAt;
    private volatile long closedAt;

    void open() {
        openedAt = System.nanoTime();
    }

    void close() {
        closedAt = System.nanoTime();
    }

    boolean contains(long nanos) {
        long opened = openedAt;
        long closed = closedAt;
        return opened != 0 && nanos >= opened && (closed == 0 || nanos <= closed);
    }

    double seconds() {
        return (closedAt - openedAt) / 1e9;
    }
}
