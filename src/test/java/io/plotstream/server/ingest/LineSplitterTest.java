package io.plotstream.server.ingest;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter.LineHandler collect =
            (bytes, offset, length) -> lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));

    @Test
    void chunkBoundariesMeanNothing() {
        LineSplitter splitter = new LineSplitter(1024);
        byte[] body = "{\"x\":1}\n\n{\"x\":\"été\"}\n".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= body.length; size++) {
            lines.clear();
            for (int i = 0; i < body.length; i += size) {
                splitter.feed(ByteBuffer.wrap(body, i, Math.min(size, body.length - i)), collect);
            }
            assertThat(lines).as("chunks of %d bytes", size).containsExactly("{\"x\":1}", "", "{\"x\":\"été\"}");
        }
    }

    @Test
    void directBuffersAreSplitToo() {
        LineSplitter splitter = new LineSplitter(1024);
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put("a\nbc\n".getBytes(StandardCharsets.UTF_8)).flip();
        splitter.feed(direct, collect);
        assertThat(lines).containsExactly("a", "bc");
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void lastLineWithoutNewlineCountsAtTheEnd() {
        LineSplitter splitter = new LineSplitter(1024);
        splitter.feed(ByteBuffer.wrap("a\nb".getBytes(StandardCharsets.UTF_8)), collect);
        assertThat(lines).containsExactly("a");
        splitter.finish(collect);
        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void lineOfExactlyTheLimitPasses() {
        LineSplitter splitter = new LineSplitter(8);
        splitter.feed(ByteBuffer.wrap("1234\n12345678\n".getBytes(StandardCharsets.UTF_8)), collect);
        assertThat(lines).containsExactly("1234", "12345678");
    }

    @Test
    void lineOverTheLimitIs413EvenWhenItArrivesInPieces() {
        LineSplitter splitter = new LineSplitter(8);
        splitter.feed(ByteBuffer.wrap("12345".getBytes(StandardCharsets.UTF_8)), collect);
        assertThatThrownBy(() -> splitter.feed(ByteBuffer.wrap("6789".getBytes(StandardCharsets.UTF_8)), collect))
                .isInstanceOfSatisfying(StreamEndException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(413);
                    assertThat(e.getMessage()).isEqualTo("line exceeds 8 bytes");
                });
    }

    @Test
    void lineOverTheLimitWithinOneBufferIs413() {
        LineSplitter splitter = new LineSplitter(8);
        assertThatThrownBy(() -> splitter.feed(ByteBuffer.wrap("123456789\n".getBytes(StandardCharsets.UTF_8)), collect))
                .isInstanceOf(StreamEndException.class);
    }
}
