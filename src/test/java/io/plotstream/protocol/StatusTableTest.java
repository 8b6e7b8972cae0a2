package io.plotstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's status table is {@link StatusTable#markdown()}; the table's rows are the statuses the
 * bundled server really sends; and {@link StreamStatus#reactionTo} answers for any status.
 */
class StatusTableTest {

    static final Path README = Path.of("README.md");
    static final String BEGIN = "<!-- status-table:begin -->";
    static final String END = "<!-- status-table:end -->";
    private static final String REGENERATE = "mvn test -Dtest=StatusTableTest -Dstatus.table.write=true";

    /** Where the server's own code ends streams. */
    private static final Path SERVER_SOURCES = Path.of("src", "main", "java", "io", "plotstream", "server");
    private static final Pattern STATUS_USE = Pattern.compile("\\bStreamStatus\\.([A-Z][A-Z_]*)\\b");
    /**
     * What Jetty answers on the server's behalf, never named in its code: 400 for malformed HTTP
     * (chunk framing, header syntax), 431 for headers over the limit PlotServer sets with
     * {@code HttpConfiguration.setRequestHeaderSize} (StreamStatusIT sends both).
     */
    private static final Set<StreamStatus> SENT_BY_JETTY = EnumSet.of(StreamStatus.BAD_REQUEST, StreamStatus.HEADERS_TOO_LARGE);

    @Test
    void readmeHoldsTheRenderedTable() throws IOException {
        String rendered = StatusTable.markdown();
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("status.table.write")) {
            readme = withTable(readme, rendered);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
        }
        assertThat(readme)
                .as("README.md's status table (between %s and %s) is out of date with StreamStatus; regenerate it with: %s",
                        BEGIN, END, REGENERATE)
                .contains(block(rendered));
        assertThat(readme.split(Pattern.quote(BEGIN), -1)).as("one table in README.md").hasSize(2);
    }

    @Test
    void writeModeReplacesOnlyWhatIsBetweenTheMarkers() {
        String readme = "# title\n\nbefore\n\n" + BEGIN + "\n\n| old | table |\n\n" + END + "\n\nafter\n";
        String rewritten = withTable(readme, "| new |\n");
        assertThat(rewritten).isEqualTo("# title\n\nbefore\n\n" + BEGIN + "\n\n| new |\n\n" + END + "\n\nafter\n");
        assertThat(withTable(rewritten, "| new |\n")).isEqualTo(rewritten);
        assertThatThrownBy(() -> withTable("no markers here\n", "| new |\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(BEGIN);
    }

    @Test
    void theStatusesWithAWhenAreExactlyThoseTheServerSends() throws IOException {
        Set<StreamStatus> sent = EnumSet.copyOf(SENT_BY_JETTY);
        sent.addAll(statusesNamedIn(SERVER_SOURCES));
        Set<StreamStatus> described = Arrays.stream(StreamStatus.values())
                .filter(s -> s.whenServerSends().isPresent())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StreamStatus.class)));
        assertThat(described)
                .as("a status the server sends needs a whenServerSends text, one it never sends needs null")
                .isEqualTo(sent);
    }

    @Test
    void everyStatusTheServerSendsIsARowTheOthersOnlyTheAlsoHandlesLine() {
        String rendered = StatusTable.markdown();
        String[] parts = rendered.split("\n\n", -1);
        assertThat(parts).as("a table, a blank line, the also-handles line").hasSize(2);
        List<String> rows = parts[0].lines().toList();
        String alsoHandles = parts[1];
        assertThat(rows.get(0)).isEqualTo("| status | when the plot server sends it | the connector |");
        assertThat(rows.get(1)).isEqualTo("|---|---|---|");
        assertThat(alsoHandles).startsWith("The connector also handles statuses that only other servers or proxies send: ");

        List<String> expectedRows = Stream.concat(
                Stream.of(rows.get(0), rows.get(1)),
                Arrays.stream(StreamStatus.values()).filter(s -> s.whenServerSends().isPresent())
                        .map(s -> "| " + s.code() + " | " + s.whenServerSends().get() + " | " + s.reaction().description() + " |"))
                .toList();
        assertThat(rows).isEqualTo(expectedRows);

        for (StreamStatus s : StreamStatus.values()) {
            String listed = s.code() + " (" + s.reaction().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
            if (s.whenServerSends().isPresent()) {
                assertThat(alsoHandles).as("%s is a row, not in the also-handles line", s).doesNotContain(s.code() + " (");
            } else {
                assertThat(rows).as("%s is not sent by the server: no row", s).noneMatch(r -> r.startsWith("| " + s.code() + " |"));
                assertThat(alsoHandles).as("%s in the also-handles line", s).contains(listed);
            }
        }
    }

    @Test
    void everyListedCodeGetsItsOwnReaction() {
        for (StreamStatus s : StreamStatus.values()) {
            assertThat(StreamStatus.reactionTo(s.code())).as("%s", s).isEqualTo(s.reaction());
            assertThat(StreamStatus.of(s.code())).hasValue(s);
        }
        assertThat(Arrays.stream(StreamStatus.values()).map(StreamStatus::code).distinct().count())
                .as("one entry per code").isEqualTo(StreamStatus.values().length);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            // listed
            "200, RECONNECT", "308, STOP", "400, STOP", "403, STOP", "404, STOP", "405, STOP", "406, STOP",
            "408, RECONNECT", "413, STOP", "422, STOP", "423, BACK_OFF", "431, STOP", "449, RECONNECT",
            "500, RECONNECT", "502, RECONNECT", "503, RECONNECT", "520, RECONNECT",
            // not listed: 1xx/2xx and 5xx reconnect, 3xx and 4xx stop
            "100, RECONNECT", "101, RECONNECT", "201, RECONNECT", "204, RECONNECT", "299, RECONNECT",
            "300, STOP", "301, STOP", "302, STOP", "399, STOP",
            "401, STOP", "407, STOP", "414, STOP", "418, STOP", "429, STOP", "499, STOP",
            "501, RECONNECT", "504, RECONNECT", "505, RECONNECT", "599, RECONNECT",
            // a connection that ended without a response
            "-1, RECONNECT"})
    void reactionToAnyStatus(int code, ClientReaction expected) {
        assertThat(StreamStatus.reactionTo(code)).isEqualTo(expected);
    }

    @Test
    void unlistedCodesHaveNoEntry() {
        assertThat(StreamStatus.of(-1)).isEmpty();
        assertThat(StreamStatus.of(204)).isEmpty();
        assertThat(StreamStatus.of(418)).isEmpty();
        assertThat(StreamStatus.of(504)).isEmpty();
    }

    @Test
    void everyStopSaysWhatToDoAndNoOtherReactionDoes() {
        for (StreamStatus s : StreamStatus.values()) {
            if (s.reaction() == ClientReaction.STOP) {
                assertThat(s.advice()).as("%s advice", s).isNotBlank();
            } else {
                assertThat(s.advice()).as("%s advice", s).isEmpty();
            }
            assertThat(s.text()).as("%s text", s).isNotBlank().doesNotContain("\n");
        }
    }

    /** The README with {@code table} between the markers (what the write mode stores). */
    static String withTable(String readme, String table) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("README.md needs the markers " + BEGIN + " and " + END
                    + " around its status table for " + REGENERATE);
        }
        return readme.substring(0, begin) + block(table) + readme.substring(end + END.length());
    }

    private static String block(String table) {
        return BEGIN + "\n\n" + table + "\n" + END;
    }

    private static Set<StreamStatus> statusesNamedIn(Path root) throws IOException {
        Set<StreamStatus> found = EnumSet.noneOf(StreamStatus.class);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("server sources under %s", root).isNotEmpty();
        for (Path source : sources) {
            Matcher m = STATUS_USE.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                found.add(StreamStatus.valueOf(m.group(1)));
            }
        }
        return found;
    }
}
