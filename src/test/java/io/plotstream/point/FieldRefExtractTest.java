package io.plotstream.point;

import static io.plotstream.point.TestRecords.OFFSET;
import static io.plotstream.point.TestRecords.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each value shape × each kind of path: the same reading gives the same values whatever its shape. */
class FieldRefExtractTest {

    static Stream<Arguments> shapes() {
        return TestRecords.readingShapes().stream().map(Arguments::of);
    }

    private static Object extract(String spec, Schema schema, Object value) throws BadRecordException {
        return FieldRef.parse(spec).extract(TestRecords.value(schema, value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void dottedPathsReachTopLevelAndNestedFields(String shape, Schema schema, Object value) throws Exception {
        assertThat(extract("value.id", schema, value)).isEqualTo(7L);
        assertThat(extract("value.temp", schema, value)).isEqualTo(21.5);
        assertThat(extract("value.name", schema, value)).isEqualTo("pump");
        assertThat(extract("value.loc.lat", schema, value)).isEqualTo(1.5);
        assertThat(extract("value.loc.tags[1]", schema, value)).isEqualTo("b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void jsonPointersReachTheSameFields(String shape, Schema schema, Object value) throws Exception {
        assertThat(extract("value/temp", schema, value)).isEqualTo(21.5);
        assertThat(extract("value/loc/lat", schema, value)).isEqualTo(1.5);
        assertThat(extract("value/loc/tags/0", schema, value)).isEqualTo("a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void absentFieldsAreMissingButNullFieldsAreNull(String shape, Schema schema, Object value) throws Exception {
        assertThat(extract("value.gone", schema, value)).isNull();
        assertThat(extract("value.gone.deeper", schema, value)).as("a null on the way").isNull();
        assertThat(extract("value.nope", schema, value)).isSameAs(FieldRef.MISSING);
        assertThat(extract("value.loc.nope", schema, value)).isSameAs(FieldRef.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void stepsThatDoNotFitTheValueAreMissing(String shape, Schema schema, Object value) throws Exception {
        assertThat(extract("value.temp.celsius", schema, value)).as("into a scalar").isSameAs(FieldRef.MISSING);
        assertThat(extract("value.loc.tags[2]", schema, value)).as("past the end").isSameAs(FieldRef.MISSING);
        assertThat(extract("value.loc.tags.first", schema, value)).as("a name on a list").isSameAs(FieldRef.MISSING);
        assertThat(extract("value.loc[0]", schema, value)).as("an index on an object").isSameAs(FieldRef.MISSING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void containersAreFoundAsThemselvesForTheConversionToRefuse(String shape, Schema schema, Object value)
            throws Exception {
        Object loc = extract("value.loc", schema, value);
        assertThat(FieldRef.describe(loc)).isIn("a Struct", "a map", "a JSON object");
        Object tags = extract("value.loc.tags", schema, value);
        assertThat(FieldRef.describe(tags)).isIn("a list", "a JSON array");
    }

    @Test
    void structFieldNotInTheSchemaIsMissing() throws Exception {
        Schema schema = SchemaBuilder.struct().field("a", Schema.OPTIONAL_INT32_SCHEMA).build();
        Struct struct = new Struct(schema);
        assertThat(extract("value.a", schema, struct)).isNull();
        assertThat(extract("value.b", schema, struct)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void structFieldDefaultIsUsedWhenUnset() throws Exception {
        Schema schema = SchemaBuilder.struct().field("a", SchemaBuilder.int32().optional().defaultValue(5).build()).build();
        assertThat(extract("value.a", schema, new Struct(schema))).isEqualTo(5);
    }

    @Test
    void connectMapFieldWithNonStringKeysIsReachedByTheKeysText() throws Exception {
        Schema mapSchema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("byId", mapSchema).build();
        Struct struct = new Struct(schema).put("byId", Map.of(3, 0.5, 4, 0.25));
        assertThat(extract("value.byId.4", schema, struct)).isEqualTo(0.25);
        assertThat(extract("value.byId.9", schema, struct)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void pointerNumericTokenIndexesAListAndNamesAMember() throws Exception {
        Map<String, Object> value = new HashMap<>();
        value.put("list", List.of("first"));
        value.put("obj", Map.of("0", "zero"));
        assertThat(extract("value/list/0", null, value)).isEqualTo("first");
        assertThat(extract("value/obj/0", null, value)).isEqualTo("zero");
        String json = "{\"list\":[\"first\"],\"obj\":{\"0\":\"zero\"}}";
        assertThat(extract("value/list/0", null, json)).isEqualTo("first");
        assertThat(extract("value/obj/0", null, json)).isEqualTo("zero");
        // The dotted [n] form is an index only.
        assertThat(extract("value.obj[0]", null, json)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void pointerEscapesReachMembersWithSlashesAndTildes() throws Exception {
        String json = "{\"a/b\":{\"c~d\":42}}";
        assertThat(extract("value/a~1b/c~0d", null, json)).isEqualTo(42L);
        assertThat(extract("value/a~1b/c~0d", null, Map.of("a/b", Map.of("c~d", 42)))).isEqualTo(42);
    }

    @Test
    void wholeValueIsTakenAsItIsEvenWhenItIsText() throws Exception {
        assertThat(extract("value", null, 42L)).isEqualTo(42L);
        assertThat(extract("value", null, "{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(extract("value", Schema.FLOAT64_SCHEMA, 2.5)).isEqualTo(2.5);
    }

    @Test
    void pathIntoABarePrimitiveIsMissing() throws Exception {
        assertThat(extract("value.a", null, 42L)).isSameAs(FieldRef.MISSING);
        assertThat(extract("value[0]", null, true)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void keyPathsWorkOnEveryKeyShape() throws Exception {
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).build();
        FieldRef keyId = FieldRef.parse("key.id");
        assertThat(keyId.extract(TestRecords.record(keySchema, new Struct(keySchema).put("id", "k1"), null, 1L,
                TIMESTAMP, new ConnectHeaders()))).isEqualTo("k1");
        assertThat(keyId.extract(TestRecords.keyAndValue(Map.of("id", "k2"), 1L))).isEqualTo("k2");
        assertThat(keyId.extract(TestRecords.keyAndValue("{\"id\":\"k3\"}", 1L))).isEqualTo("k3");
        assertThat(keyId.extract(TestRecords.keyAndValue("{\"id\":\"k4\"}".getBytes(StandardCharsets.UTF_8), 1L)))
                .isEqualTo("k4");
        assertThat(FieldRef.parse("key").extract(TestRecords.keyAndValue("plain", 1L))).isEqualTo("plain");
        assertThat(keyId.extract(TestRecords.keyAndValue(null, 1L))).isNull();
    }

    @Test
    void headerReferenceReadsTheLastHeaderOfThatName() throws Exception {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("unit", "F");
        headers.addString("unit", "C");
        headers.addDouble("scale.factor", 0.5);
        headers.add("empty", null, Schema.OPTIONAL_STRING_SCHEMA);
        SinkRecord record = TestRecords.record(null, null, null, 1L, TIMESTAMP, headers);
        assertThat(FieldRef.parse("header.unit").extract(record)).isEqualTo("C");
        assertThat(FieldRef.parse("header.scale.factor").extract(record)).isEqualTo(0.5);
        assertThat(FieldRef.parse("header.empty").extract(record)).isNull();
        assertThat(FieldRef.parse("header.absent").extract(record)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void metadataReferencesReadTheRecordCoordinates() throws Exception {
        SinkRecord record = TestRecords.value(1L);
        assertThat(FieldRef.parse("timestamp").extract(record)).isEqualTo(TIMESTAMP);
        assertThat(FieldRef.parse("offset").extract(record)).isEqualTo(OFFSET);
        assertThat(FieldRef.parse("partition").extract(record)).isEqualTo(TestRecords.PARTITION);
        assertThat(FieldRef.parse("topic").extract(record)).isEqualTo(TestRecords.TOPIC);
    }

    @Test
    void recordWithoutTimestampHasItMissing() throws Exception {
        SinkRecord record = TestRecords.record(null, null, null, 1L, null, new ConnectHeaders());
        assertThat(FieldRef.parse("timestamp").extract(record)).isSameAs(FieldRef.MISSING);
    }

    @Test
    void unparseableJsonIsABadRecordNamingWhereAndWhichReference() {
        assertThatThrownBy(() -> extract("value.temp", null, "temp=21.5"))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("Record orders-2@1234: the value is not valid JSON, so [value.temp] cannot be read: ")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> extract("value.temp", null, new byte[0]))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("the text is empty");
        assertThatThrownBy(() -> FieldRef.parse("key.id").extract(TestRecords.keyAndValue("{\"id\":", 1L)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("Record orders-2@1234: the key is not valid JSON, so [key.id] cannot be read");
    }
}
