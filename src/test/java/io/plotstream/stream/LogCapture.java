package io.plotstream.stream;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the stream client logs, for tests that check a message. SLF4J's provider on the
 * test classpath is jetty-slf4j-impl (runtime scope, so reached by reflection): its one appender,
 * {@code StdErrAppender}, writes to a stream that can be swapped. Everything still goes to the old
 * stream too.
 */
final class LogCapture implements AutoCloseable {
    private final Object appender;
    private final PrintStream previous;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        try {
            Object logger = LoggerFactory.getLogger(StreamWriter.class);
            appender = logger.getClass().getMethod("getAppender").invoke(logger);
            previous = (PrintStream) appender.getClass().getMethod("getStream").invoke(appender);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("expected jetty-slf4j-impl as the SLF4J provider in tests", e);
        }
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                out().write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        setStream(tee);
    }

    private void setStream(PrintStream stream) {
        try {
            appender.getClass().getMethod("setStream", PrintStream.class).invoke(appender, stream);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("expected jetty-slf4j-impl as the SLF4J provider in tests", e);
        }
    }

    /** Where the appender wrote before: its own stream, or (when it had none) the current System.err. */
    private PrintStream out() {
        return previous != null ? previous : System.err;
    }

    /** Captured lines containing every one of {@code parts}. */
    List<String> lines(String... parts) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(all.split("\n")).filter(l -> Arrays.stream(parts).allMatch(l::contains)).toList();
    }

    @Override
    public void close() {
        setStream(previous);
    }
}
