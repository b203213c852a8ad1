package io.jdm.thin;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeIdTest {

    @Test
    void acceptsDockerStyleHexAndPortableNames() {
        String hex = "a".repeat(32) + "0123456789abcdef0123456789abcdef";
        assertEquals(hex, VolumeId.of(hex).value());
        assertEquals("base-1_v2:init.x", VolumeId.of("base-1_v2:init.x").value());
        assertEquals("x".repeat(VolumeId.MAX_LENGTH), VolumeId.of("x".repeat(VolumeId.MAX_LENGTH)).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", ".hidden", "a/b", "/", "a\0b", "a\nb", "a\tb", "a b", "a\u00a0b", "é", "a\u007f"})
    void refusesWhatCannotBeAFileNameOrLooksLikeOne(String bad) {
        assertThrows(InvalidInputException.class, () -> VolumeId.of(bad));
    }

    @Test
    void refusesNullAndTooLong() {
        assertThrows(InvalidInputException.class, () -> VolumeId.of(null));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VolumeId.of("x".repeat(VolumeId.MAX_LENGTH + 1)));
        assertTrue(e.getMessage().contains(String.valueOf(VolumeId.MAX_LENGTH + 1)), e.getMessage());
    }

    @Test
    void namesTheOffendingCharacter() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VolumeId.of("ab/c"));
        assertTrue(e.getMessage().contains("U+002F at character 2"), e.getMessage());
    }

    @Test
    void ordersByValue() {
        assertTrue(VolumeId.of("a").compareTo(VolumeId.of("b")) < 0);
    }
}
