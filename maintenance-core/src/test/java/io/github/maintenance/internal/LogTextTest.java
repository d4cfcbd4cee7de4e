package io.github.maintenance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from files is escaped and cut before it reaches a log line. */
class LogTextTest {

    @Test
    void lineBreaksCannotForgeALogLine() {
        assertThat(LogText.safe("down\n2026-01-01 INFO all good\r\n")).isEqualTo("down\\n2026-01-01 INFO all good\\r\\n");
    }

    @Test
    void ansiEscapesAndOtherControlCharactersAreEscaped() {
        assertThat(LogText.safe("\u001b[31mred\u001b[0m\u0000\u007f\u0085\t"))
                .isEqualTo("\\u001b[31mred\\u001b[0m\\u0000\\u007f\\u0085\\t");
    }

    @Test
    void unicodeSeparatorsAndDirectionOverridesAreEscaped() {
        assertThat(LogText.safe("a\u2028b\u2029c\u202ed\u2066e\u200ff")).isEqualTo("a\\u2028b\\u2029c\\u202ed\\u2066e\\u200ff");
    }

    @Test
    void ordinaryTextIsKept() {
        assertThat(LogText.safe("Back at 02:00 UTC \u2014 merci \uD83D\uDE00")).isEqualTo("Back at 02:00 UTC \u2014 merci \uD83D\uDE00");
        assertThat(LogText.safe(null)).isEqualTo("null");
    }

    @Test
    void longTextIsCutSayingHowMuchWasLeftOut() {
        assertThat(LogText.safe("x".repeat(5000))).isEqualTo("x".repeat(200) + "...(4800 more characters)");
        assertThat(LogText.safe("\n".repeat(150))).isEqualTo("\\n".repeat(100) + "...(50 more characters)");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverCutInTwo() {
        String text = "x".repeat(199) + "\uD83D\uDE00" + "y";
        assertThat(LogText.safe(text)).isEqualTo("x".repeat(199) + "...(3 more characters)");
    }
}
