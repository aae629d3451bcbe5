package io.numbat.schemas.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void plainTextIsUnchanged() {
        assertThat(Printable.escape("web-1@sim")).isEqualTo("web-1@sim");
    }

    @Test
    void controlCharactersBecomeVisibleEscapesOnOneLine() {
        String escaped = Printable.escape("web\n1\r\t\u001b[2J\u2028\u202e\\");
        assertThat(escaped).isEqualTo("web\\n1\\r\\t\\u001b[2J\\u2028\\u202e\\\\");
        assertThat(escaped.chars()).noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x202e);
        assertThat(Printable.hasControlCharacter(escaped)).isFalse();
        assertThat(Printable.hasControlCharacter("web\n1")).isTrue();
    }
}
