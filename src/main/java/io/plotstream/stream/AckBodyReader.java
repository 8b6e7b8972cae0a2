package io.plotstream.stream;

import io.plotstream.protocol.AckChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the body of the acknowledgement extension ({@link AckChannel}) for as long as the stream
 * lives: one line at a time, each bounded by {@link AckChannel#MAX_LINE_BYTES}, publishing every
 * cumulative {@code ack} and returning the stream's end at the {@code end} line. Anything else (a
 * line of another shape, a count that goes down, a line too long, the body ending without an end
 * line) means the channel cannot be trusted: the result is then an end without response, so the
 * writer reconnects and sends every unacknowledged write again. Reader-thread only.
 */
final class AckBodyReader {

    /** Where acknowledgements go, as they arrive. */
    interface Acks {
        /** The first {@code lines} lines of the upload are durable (never less than the last call said). */
        void acknowledged(long lines);
    }

    private final InputStream body;
    private final Acks acks;
    private long acknowledged;

    /** @param body the body's data (de-chunked), EOF where the body ends */
    AckBodyReader(InputStream body, Acks acks) {
        this.body = body;
        this.acks = acks;
    }

    /** Reads until the end line (or a failure) and returns how the stream ended. */
    StreamEnd read() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        try {
            while (true) {
                int b = body.read();
                if (b < 0) {
                    return StreamEnd.noResponse("the server's acknowledgements ended without an end line"
                            + (line.size() > 0 ? " (cut inside a line)" : ""));
                }
                if (b != '\n') {
                    if (line.size() >= AckChannel.MAX_LINE_BYTES) {
                        return malformed("a line longer than " + AckChannel.MAX_LINE_BYTES + " bytes");
                    }
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                Optional<AckChannel.Line> parsed = AckChannel.parse(text);
                if (parsed.isEmpty()) {
                    return malformed("\"" + ResponseReader.printable(text) + "\" is neither an ack nor an end line");
                }
                AckChannel.Line l = parsed.get();
                if (l.isEnd()) {
                    return new StreamEnd(l.endCode(), ResponseReader.printable(l.endText()));
                }
                if (l.acked() < acknowledged) {
                    return malformed("the acknowledged count went down from " + acknowledged + " to " + l.acked());
                }
                if (l.acked() > acknowledged) {
                    acknowledged = l.acked();
                    acks.acknowledged(acknowledged);
                }
            }
        } catch (IOException e) {
            return StreamEnd.noResponse("connection failed while reading acknowledgements: " + e);
        }
    }

    private static StreamEnd malformed(String what) {
        return StreamEnd.noResponse("malformed acknowledgement from the server: " + what);
    }
}
