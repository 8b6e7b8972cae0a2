package io.plotstream.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The data of an HTTP/1.1 chunked body, read from a buffered input: EOF after the last (zero)
 * chunk. Framing errors (a size line that is not hex, too long, or data not followed by CRLF)
 * throw, naming what was wrong. Size lines are bounded; chunk extensions and trailers are skipped.
 */
final class ChunkedInput extends InputStream {
    private static final int MAX_SIZE_LINE = 256;

    private final InputStream in;
    /** Data bytes left in the current chunk; -1 before the first chunk and after each one. */
    private long left = -1;
    private boolean done;

    ChunkedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0) {
            expectCrlf();
            left = -1;
        }
        if (left < 0) {
            left = nextChunkSize();
            if (left == 0) {
                skipTrailers();
                done = true;
                return -1;
            }
        }
        int b = in.read();
        if (b < 0) {
            throw new IOException("the body ended inside a chunk");
        }
        left--;
        return b;
    }

    private long nextChunkSize() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new IOException("bad chunk size line: \"" + ResponseReader.printable(line) + "\"");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line: \"" + ResponseReader.printable(line) + "\"");
        }
    }

    private void expectCrlf() throws IOException {
        if (!line().isEmpty()) {
            throw new IOException("chunk data not followed by CRLF");
        }
    }

    private void skipTrailers() throws IOException {
        for (int i = 0; i < 64 && !line().isEmpty(); i++) {
            // trailers carry nothing this client needs
        }
    }

    /** One CRLF- (or LF-) terminated line without its end, bounded. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the body ended inside its chunk framing");
            }
            if (line.length() >= MAX_SIZE_LINE) {
                throw new IOException("a chunk framing line longer than " + MAX_SIZE_LINE + " bytes");
            }
            line.append((char) b);
        }
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }
}
