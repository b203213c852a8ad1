package io.jdm.api.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "nul\0", "two\nmessages", "cr\rlf", "bell\u0007", "c1\u0085",
            "nb\u00a0sp", "\u00e0-cut", "lone\ud800", "key set 00\u00a0ff"})
    void whatCannotGoIsRefusedWithoutQuotingIt(String message) {
        String why = MessageText.whyNotSendable(message);
        assertNotNull(why, message);
        assertFalse(!message.isBlank() && why.contains(message), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"create_thin 0", "key\tset 00ff", "@stats_create - /1", "a\\b", "\u00e9t\u00e9 ok"})
    void ordinaryMessagesGo(String message) {
        assertNull(MessageText.whyNotSendable(message), message);
    }

    @Test
    void aKeyIsWithheldWhenShownAndMakesTheMessageSecure() {
        assertTrue(MessageText.holdsKeyMaterial("key  set\t0011"));
        assertEquals("key  set\t<secret>", MessageText.shown("key  set\t0011"));
        assertFalse(MessageText.holdsKeyMaterial("key wipe"));
        assertEquals("create_thin 1", MessageText.shown("create_thin 1"));
    }
}
