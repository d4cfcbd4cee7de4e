package io.github.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class JsonTest {

    @Test
    void stringsAreQuotedAndEscaped() {
        assertThat(Json.string("plain")).isEqualTo("\"plain\"");
        assertThat(Json.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Json.string("l1\nl2\r\t")).isEqualTo("\"l1\\nl2\\r\\t\"");
        assertThat(Json.string("\u0001")).isEqualTo("\"\\u0001\"");
        assertThat(Json.string(null)).isEqualTo("null");
    }

    @Test
    void htmlAndLineProtocolCharactersAreEscaped() {
        assertThat(Json.string("</script>&|")).isEqualTo("\"\\u003c/script\\u003e\\u0026\\u007c\"");
        assertThat(Json.string("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    }

    @Test
    void nonAsciiTextIsKept() {
        assertThat(Json.string("Grüße ✓")).isEqualTo("\"Grüße ✓\"");
    }

    @Test
    void arraysOfStrings() {
        assertThat(Json.stringArray(List.of())).isEqualTo("[]");
        assertThat(Json.stringArray(List.of("a", "b\"c"))).isEqualTo("[\"a\",\"b\\\"c\"]");
        assertThat(Json.stringArray(Arrays.asList("x", null))).isEqualTo("[\"x\",null]");
    }
}
