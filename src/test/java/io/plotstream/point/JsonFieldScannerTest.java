package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldScannerTest {

    private static Object[] scan(String json, String... specs) throws Exception {
        List<PathSegment[]> paths = new ArrayList<>();
        for (String spec : specs) {
            paths.add(FieldRef.parse(spec).path());
        }
        Object[] found = new Object[specs.length];
        new JsonFieldScanner(paths).scan(json, found);
        return found;
    }

    @Test
    void stopsReadingOnceEveryPathIsFound() throws Exception {
        // Everything after "hum" is broken: only a scanner that stops early can answer.
        Object[] found = scan("{\"ts\":1,\"temp\":21.5,\"hum\":40, this is not json", "value.temp", "value.hum");
        assertThat(found).containsExactly(21.5, 40L);
    }

    @Test
    void brokenTextBeforeTheLastPathIsAnError() {
        assertThatThrownBy(() -> scan("{\"temp\":21.5, oops \"hum\":40}", "value.temp", "value.hum"))
                .isInstanceOf(JsonParseException.class);
    }

    @Test
    void skipsSubtreesNoPathGoesInto() throws Exception {
        String json = "{\"big\":{\"deep\":[1,[2,{\"temp\":99}],3]},\"list\":[{\"temp\":1}],\"temp\":5}";
        assertThat(scan(json, "value.temp")).containsExactly(5L);
    }

    @Test
    void readsIntoNestedObjectsAndArraysByIndex() throws Exception {
        String json = "{\"a\":[{\"b\":1},{\"b\":2},{\"b\":3}],\"c\":{\"d\":{\"e\":\"deep\"}}}";
        assertThat(scan(json, "value.a[2].b", "value.c.d.e", "value.a[0].b")).containsExactly(3L, "deep", 1L);
    }

    @Test
    void pathsThatShareAPrefixAreAllFilledInOnePass() throws Exception {
        String json = "{\"loc\":{\"lat\":1.5,\"lon\":2.5}}";
        assertThat(scan(json, "value.loc.lon", "value.loc.lat", "value.loc")).containsExactly(2.5, 1.5,
                JsonContainer.OBJECT);
    }

    @Test
    void theFirstOfDuplicateKeysWins() throws Exception {
        assertThat(scan("{\"t\":1,\"t\":2,\"u\":3}", "value.t", "value.u")).containsExactly(1L, 3L);
    }

    @Test
    void nullOnTheWayMakesEveryPathBelowItNull() throws Exception {
        assertThat(scan("{\"a\":null,\"b\":1}", "value.a.x", "value.a.y[0]", "value.b")).containsExactly(null, null, 1L);
    }

    @Test
    void pathsNotInTheTextAreMissing() throws Exception {
        assertThat(scan("{\"a\":1}", "value.b", "value.a.c", "value.a[0]"))
                .containsOnly(FieldRef.MISSING);
        assertThat(scan("[1,2]", "value.a")).containsExactly(FieldRef.MISSING);
        assertThat(scan("42", "value.a")).containsExactly(FieldRef.MISSING);
    }

    @Test
    void numbersKeepTheirValue() throws Exception {
        Object[] found = scan("{\"i\":-12,\"big\":123456789012345678901234,\"d\":0.1,"
                        + "\"precise\":3.14159265358979323846,\"e\":1.5e3,\"t\":true,\"f\":false,\"s\":\"x\"}",
                "value.i", "value.big", "value.d", "value.precise", "value.e", "value.t", "value.f", "value.s");
        assertThat(found).containsExactly(-12L, new BigInteger("123456789012345678901234"), 0.1,
                new BigDecimal("3.14159265358979323846"), 1500.0, true, false, "x");
    }

    @Test
    void arraysAndObjectsAreReportedNotBuilt() throws Exception {
        assertThat(scan("{\"a\":[1,2],\"o\":{}}", "value.a", "value.o"))
                .containsExactly(JsonContainer.ARRAY, JsonContainer.OBJECT);
    }

    @Test
    void nanLiteralIsNotJson() {
        assertThatThrownBy(() -> scan("{\"temp\":NaN}", "value.temp")).isInstanceOf(JsonParseException.class);
    }

    @Test
    void scansBytesWithAnOffset() throws Exception {
        byte[] bytes = "xx{\"a\":1}yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Object[] found = new Object[1];
        new JsonFieldScanner(List.<PathSegment[]>of(FieldRef.parse("value.a").path())).scan(bytes, 2, 7, found);
        assertThat(found).containsExactly(1L);
    }

    @Test
    void scratchArrayIsResetBetweenScans() throws Exception {
        JsonFieldScanner scanner = new JsonFieldScanner(List.<PathSegment[]>of(FieldRef.parse("value.a").path()));
        Object[] found = new Object[1];
        scanner.scan("{\"a\":1}", found);
        scanner.scan("{\"b\":1}", found);
        assertThat(found).containsExactly(FieldRef.MISSING);
    }

    private static JsonFieldScanner scanner(String... specs) {
        List<PathSegment[]> paths = new ArrayList<>();
        for (String spec : specs) {
            paths.add(FieldRef.parse(spec).path());
        }
        return new JsonFieldScanner(paths);
    }

    @Test
    void decodesEscapesAndUtf8InStrings() throws Exception {
        String json = "{\"e\":\"q\\\"b\\\\s\\/ \\b\\f\\n\\r\\t \\u00e9\\u65E5 \\ud83d\\ude00\",\"u\":\"é 日本 😀\",\"a\":\"plain\"}";
        assertThat(scan(json, "value.e", "value.u", "value.a"))
                .containsExactly("q\"b\\s/ \b\f\n\r\t é日 😀", "é 日本 😀", "plain");
    }

    @Test
    void matchesMemberNamesWrittenWithEscapesOrInUtf8() throws Exception {
        assertThat(scan("{\"t\\u0065mp\":1,\"日本\":2,\"a\\\"b\":3}", "value.temp", "value/日本", "value/a\"b"))
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void skipsStringsThatLookLikeStructure() throws Exception {
        String json = "{\"skip\":{\"a\":\"}]\\\"{[,:\",\"b\":[true,false,null,-1.5e-3,{},[],\"\\\\\"],\"c\":[]},\"v\":7}";
        assertThat(scan(json, "value.v")).containsExactly(7L);
    }

    @Test
    void readsNumbersAsJacksonDoes() throws Exception {
        Object[] found = scan("{\"a\":-0,\"b\":-0.0,\"c\":9223372036854775807,\"d\":-9223372036854775808,"
                        + "\"e\":9223372036854775808,\"f\":1E400,\"g\":2.5E-3,\"h\":1234567890123.5,\"i\":123456789012345.6,"
                        + "\"j\":1e22,\"k\":1e23,\"l\":4.9e-324}",
                "value.a", "value.b", "value.c", "value.d", "value.e", "value.f", "value.g", "value.h", "value.i",
                "value.j", "value.k", "value.l");
        assertThat(found).containsExactly(0L, -0.0, Long.MAX_VALUE, Long.MIN_VALUE,
                new BigInteger("9223372036854775808"), Double.POSITIVE_INFINITY, 0.0025, 1234567890123.5,
                new BigDecimal("123456789012345.6"), 1e22, 1e23, Double.MIN_VALUE);
    }

    @Test
    void readsLongDecimalsExactlyAsBigDecimalReadsTheirText() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<String> texts = new ArrayList<>(List.of("-0.0000000000000000", "0.000000000000000001",
                "22.345678901234567", "-999999999999999999.0", "1234567890123456789.5", "1.00000000000000000000001",
                "12345678901234.5e3", "-1.2345678901234567E-8"));
        for (int i = 0; i < 5_000; i++) {
            texts.add(Double.toString(20.0 + 5.0 * Math.sin(random.nextDouble() * 1e6))); // producers' doubles
            StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
            int whole = random.nextInt(1, 12);
            digits.append(random.nextInt(1, 10));
            for (int k = 1; k < whole; k++) {
                digits.append(random.nextInt(10));
            }
            digits.append('.');
            for (int k = random.nextInt(16 - whole, 22); k > 0; k--) { // 16 to 22 digits in all
                digits.append(random.nextInt(10));
            }
            texts.add(digits.toString());
        }
        for (String text : texts) {
            Object read = scan("{\"v\":" + text + "}", "value.v")[0];
            if (text.length() > 15) {
                assertThat(read).as(text).isInstanceOf(BigDecimal.class);
                assertThat(read).as(text).isEqualTo(new BigDecimal(text)); // same value and scale
            } else {
                assertThat(read).as(text).isEqualTo(Double.parseDouble(text));
            }
        }
    }

    @Test
    void malformedTextOnTheWayIsAnError() {
        String[] broken = {
            "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}",
            "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":12abc}", "{\"a\":\"open", "{\"a\" 1}",
            "{\"b\":1,}", "{'a':1}", "{a:1}", "{\"a\":\"tab\there\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
            "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":[1,]}", "{\"a\":[1 2]}",
            "{\"b\":[1,2}", "{\"b\":{\"c\":1]}", "{\"b\":\"x\\q\"}", "{\"a\"", "{\"a\":", "{", "[",
            "{\"b\":\"ctl\u0001\"}", "{\"a\":\"\\ud83d\\u\"}",
        };
        for (String json : broken) {
            assertThatThrownBy(() -> scan(json, "value.a", "value.z")).as(json).isInstanceOf(JsonParseException.class);
        }
    }

    @Test
    void invalidUtf8InAStringReadAsAValueIsAnError() {
        byte[][] broken = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},                   // cut short
            {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},      // overlong '/'
            {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // a surrogate
            {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
        };
        JsonFieldScanner scanner = scanner("value.a");
        for (byte[] json : broken) {
            assertThatThrownBy(() -> scanner.scan(json, 0, json.length, new Object[1]))
                    .isInstanceOf(JsonParseException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void emptyTextIsAnError() {
        assertThatThrownBy(() -> scan(" \n", "value.a")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void anErrorSaysTheLineAndColumn() {
        assertThatThrownBy(() -> scan("{\"x\":1,\n  \"a\": tru }", "value.a"))
                .isInstanceOfSatisfying(JsonParseException.class, e -> {
                    assertThat(e.getLocation().getLineNr()).isEqualTo(2);
                    assertThat(e.getLocation().getColumnNr()).isEqualTo(8);
                    assertThat(e.getOriginalMessage()).contains("unexpected character 't'");
                });
    }

    @Test
    void nestingIsBoundedAsInJackson() throws Exception {
        String deepButAllowed = "{\"skip\":" + "[".repeat(900) + "]".repeat(900) + ",\"a\":1}";
        assertThat(scan(deepButAllowed, "value.a")).containsExactly(1L);
        String tooDeep = "{\"skip\":" + "[".repeat(1200) + "]".repeat(1200) + ",\"a\":1}";
        assertThatThrownBy(() -> scan(tooDeep, "value.a")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        byte[] json = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '5', '}'};
        Object[] found = new Object[1];
        scanner("value.a").scan(json, 0, json.length, found);
        assertThat(found).containsExactly(5L);
    }

    @Test
    void aReusedCursorGivesTheSameAnswersAsAFreshOne() throws Exception {
        JsonFieldScanner scanner = scanner("value.s", "value.n");
        JsonFieldScanner.Cursor cursor = new JsonFieldScanner.Cursor();
        String longEscaped = "\\u00e9".repeat(200);
        String[] docs = {"{\"s\":\"" + longEscaped + "\",\"n\":1}", "{\"s\":\"\\n\",\"n\":2.5}", "{\"n\":3}", "{\"s\":\"é\"}"};
        for (int round = 0; round < 3; round++) {
            for (String doc : docs) {
                Object[] reused = new Object[2];
                Object[] fresh = new Object[2];
                scanner.scanText(doc.getBytes(StandardCharsets.UTF_8), reused, cursor);
                scanner.scanText(doc.getBytes(StandardCharsets.UTF_8), fresh);
                assertThat(reused).as(doc).containsExactly(fresh);
            }
        }
        Object[] last = new Object[2];
        scanner.scanText(docs[0], last, cursor);
        assertThat(last).containsExactly("é".repeat(200), 1L);
    }

    /** Random documents and paths: the same answers as the Jackson-based scanner this one replaced. */
    @Test
    void agreesWithJacksonOnRandomDocuments() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        String[] specs = {"value.a", "value.b", "value.a.b", "value.a[0]", "value.b[1].a", "value.temp", "value.c.d.e",
            "value/日本", "value/t\"q", "value.a[2]", "value/0", "value/b/0/a"};
        List<PathSegment[]> paths = new ArrayList<>();
        for (String spec : specs) {
            paths.add(FieldRef.parse(spec).path());
        }
        JsonFieldScanner scanner = new JsonFieldScanner(paths);
        JsonFieldScanner.Cursor cursor = new JsonFieldScanner.Cursor();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder doc = new StringBuilder();
            randomValue(random, doc, 0, true);
            byte[] json = doc.toString().getBytes(StandardCharsets.UTF_8);
            Object[] expected = JacksonReferenceScanner.scan(json, paths);
            Object[] found = new Object[specs.length];
            scanner.scanText(json, found, cursor);
            assertThat(found).as(doc.toString()).containsExactly(expected);
        }
    }

    private static final String[] KEYS = {"a", "b", "temp", "c", "d", "e", "日本", "t\"q", "0", "x"};

    private static void randomValue(java.util.SplittableRandom random, StringBuilder out, int depth, boolean object) {
        int kind = object ? 0 : random.nextInt(depth > 3 ? 2 : 4) + 2;
        switch (kind) {
            case 0:
            case 5: {
                out.append('{').append(ws(random));
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',').append(ws(random));
                    }
                    jsonString(random, KEYS[random.nextInt(KEYS.length)], out);
                    out.append(ws(random)).append(':').append(ws(random));
                    randomValue(random, out, depth + 1, false);
                    out.append(ws(random));
                }
                out.append('}');
                break;
            }
            case 4: {
                out.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(ws(random));
                    randomValue(random, out, depth + 1, false);
                }
                out.append(ws(random)).append(']');
                break;
            }
            case 2:
                out.append(randomNumber(random));
                break;
            default:
                switch (random.nextInt(5)) {
                    case 0:
                        out.append("null");
                        break;
                    case 1:
                        out.append(random.nextBoolean() ? "true" : "false");
                        break;
                    default:
                        jsonString(random, randomText(random), out);
                }
        }
    }

    private static String ws(java.util.SplittableRandom random) {
        return random.nextInt(4) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
    }

    private static String randomNumber(java.util.SplittableRandom random) {
        StringBuilder n = new StringBuilder();
        if (random.nextBoolean()) {
            n.append('-');
        }
        int intDigits = 1 + random.nextInt(random.nextInt(4) == 0 ? 25 : 6);
        n.append(random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(9));
        if (n.charAt(n.length() - 1) != '0') {
            for (int i = 1; i < intDigits; i++) {
                n.append(random.nextInt(10));
            }
        }
        if (random.nextBoolean()) {
            n.append('.');
            int fraction = 1 + random.nextInt(random.nextInt(3) == 0 ? 20 : 5);
            for (int i = 0; i < fraction; i++) {
                n.append(random.nextInt(10));
            }
        }
        if (random.nextInt(4) == 0) {
            n.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                    .append(random.nextInt(random.nextBoolean() ? 30 : 400));
        }
        return n.toString();
    }

    private static String randomText(java.util.SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0:
                    s.append((char) random.nextInt(0x20)); // control characters: escaped on writing
                    break;
                case 1:
                    s.append("\"\\/{}[],:".charAt(random.nextInt(9)));
                    break;
                case 2:
                    s.append((char) (0xA0 + random.nextInt(0xD7FF - 0xA0))); // BMP, no surrogates
                    break;
                case 3:
                    s.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                    break;
                default:
                    s.append((char) (' ' + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    /** Writes {@code text} as a JSON string, escaping some characters that need not be, to exercise \\u. */
    private static void jsonString(java.util.SplittableRandom random, String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n' && random.nextBoolean()) {
                out.append("\\n");
            } else if (c < 0x20 || random.nextInt(10) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
