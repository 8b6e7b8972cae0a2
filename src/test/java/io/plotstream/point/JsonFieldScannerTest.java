package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
}
