package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldRefParseTest {

    @Test
    void metadataReferencesNameTheirSource() {
        assertThat(FieldRef.parse("timestamp").source()).isEqualTo(FieldRef.Source.TIMESTAMP);
        assertThat(FieldRef.parse("offset").source()).isEqualTo(FieldRef.Source.OFFSET);
        assertThat(FieldRef.parse("partition").source()).isEqualTo(FieldRef.Source.PARTITION);
        assertThat(FieldRef.parse("topic").source()).isEqualTo(FieldRef.Source.TOPIC);
    }

    @Test
    void valueOrKeyAloneIsTheWholeValueOrKey() {
        FieldRef value = FieldRef.parse("value");
        FieldRef key = FieldRef.parse("key");
        assertThat(value.source()).isEqualTo(FieldRef.Source.VALUE);
        assertThat(value.hasPath()).isFalse();
        assertThat(key.source()).isEqualTo(FieldRef.Source.KEY);
        assertThat(key.hasPath()).isFalse();
    }

    @Test
    void dottedPathCompilesToNamesAndIndexes() {
        FieldRef ref = FieldRef.parse("value.a.b[0][12].c");
        assertThat(ref.path()).containsExactly(PathSegment.field("a"), PathSegment.field("b"), PathSegment.index(0),
                PathSegment.index(12), PathSegment.field("c"));
    }

    @Test
    void dottedPathMayStartWithAnIndex() {
        assertThat(FieldRef.parse("value[3].x").path()).containsExactly(PathSegment.index(3), PathSegment.field("x"));
    }

    @Test
    void jsonPointerUnescapesTildeZeroAndTildeOne() {
        FieldRef ref = FieldRef.parse("value/a~1b/c~0d/~01");
        assertThat(ref.path()).extracting(PathSegment::name).containsExactly("a/b", "c~d", "~1");
    }

    @Test
    void jsonPointerNumericTokenIsBothNameAndIndex() {
        assertThat(FieldRef.parse("key/items/0").path()).containsExactly(PathSegment.field("items"),
                new PathSegment("0", 0));
        // RFC 6901: a leading zero is not an array index, only a member name
        assertThat(FieldRef.parse("value/07").path()).containsExactly(PathSegment.field("07"));
    }

    @Test
    void jsonPointerSlashAloneNamesTheEmptyMember() {
        assertThat(FieldRef.parse("value/").path()).containsExactly(PathSegment.field(""));
    }

    @Test
    void headerNameIsEverythingAfterThePrefixDotsIncluded() {
        FieldRef ref = FieldRef.parse("header.trace.id");
        assertThat(ref.source()).isEqualTo(FieldRef.Source.HEADER);
        assertThat(ref.spec()).isEqualTo("header.trace.id");
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        FieldRef ref = FieldRef.parse("  value.temp ");
        assertThat(ref.spec()).isEqualTo("value.temp");
        assertThat(ref.path()).containsExactly(PathSegment.field("temp"));
    }

    @Test
    void dottedAndPointerFormsOfOnePathAreEqual() {
        assertThat(FieldRef.parse("value.a.b")).isEqualTo(FieldRef.parse("value/a/b"))
                .hasSameHashCodeAs(FieldRef.parse("value/a/b"));
        assertThat(FieldRef.parse("value.a")).isNotEqualTo(FieldRef.parse("key.a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "value..a         | empty field name at character 7",
            "value.a.         | empty field name at character 9",
            "value.a[         | '[' is not closed by ']' at character 8",
            "value.a[]        | empty array index '[]' at character 8",
            "value.a[1x]      | array index must be a non-negative integer, found 'x' at character 10",
            "value.a[-1]      | array index must be a non-negative integer, found '-' at character 9",
            "value.a]b        | unexpected ']'",
            "value.a[0]b      | unexpected 'b' (a name or [index] must follow '.', and ']' must close a '[') at character 11",
            "value.a[99999999999] | array index is too large at character 9",
            "valuex           | expected '.', '/' or '[' after \"value\" but found 'x' at character 6",
            "keys.id          | expected '.', '/' or '[' after \"key\" but found 's' at character 4",
            "value/a~2        | '~' in a JSON Pointer must be followed by 0 (for ~) or 1 (for /) at character 8",
            "value/a~         | '~' in a JSON Pointer must be followed by 0 (for ~) or 1 (for /) at character 8",
            "header.          | the header name is missing at character 8",
            "temperature      | it must start with value, key, header.<name>, or be one of timestamp, offset, partition, topic",
    })
    void badSpecsSayWhatIsWrongAndWhere(String spec, String message) {
        assertThatThrownBy(() -> FieldRef.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad field reference \"" + spec + "\": ")
                .hasMessageContaining(message);
    }

    @Test
    void emptySpecIsRefused() {
        assertThatThrownBy(() -> FieldRef.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is empty");
        assertThatThrownBy(() -> FieldRef.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
