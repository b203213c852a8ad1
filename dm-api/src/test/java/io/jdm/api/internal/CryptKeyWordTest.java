package io.jdm.api.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CryptKeyWordTest {

    /** dm-crypt's crypt_message() matches "key" and "set" with strcasecmp, after dm_split_args. */
    @ParameterizedTest
    @ValueSource(strings = {"key set 00112233", "KEY SET 00112233", "Key\tset  00112233", " key\u000bset\r00112233 ",
            "key set 00112233 extra"})
    void aKeySetMessageCarriesItsThirdWordAsTheKey(String message) {
        int[] key = CryptKeyWord.inMessage(message);
        assertEquals("00112233", message.substring(key[0], key[1]));
        assertEquals(message.substring(0, key[0]) + "<secret>" + message.substring(key[1]),
                CryptKeyWord.replacedInMessage(message, "<secret>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"key wipe", "key set", "create_thin 0", "set key 0011", "keys set 0011", "key sets 0011",
            "key set :32:logon:jdm:disk", "@stats_list", ""})
    void otherMessagesCarryNoKey(String message) {
        assertNull(CryptKeyWord.inMessage(message));
        assertEquals(message, CryptKeyWord.replacedInMessage(message, "<secret>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes-xts-plain64 00ff 0 7:0 0", "aes-xts-plain64\t\t00ff 0 7:0 0"})
    void theTableRuleIsUnchanged(String params) {
        int[] key = CryptKeyWord.in(params);
        assertArrayEquals(new int[] {params.indexOf("00ff"), params.indexOf("00ff") + 4}, key);
    }
}
