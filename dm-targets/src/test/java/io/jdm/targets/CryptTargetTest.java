package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptTargetTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final BlockDev DEV = BlockDev.of(7, 3);

    @Test
    void formatsTheKernelsTextWithLowerCaseHexKey() {
        CryptTarget t = CryptTarget.of("aes-xts-plain64", CryptKey.bytes(HexFormat.of().parseHex(HEX)), DEV, 0);
        assertEquals("aes-xts-plain64 " + HEX + " 0 7:3 0", t.format());
        assertEquals(t, CryptTarget.parse("aes-xts-plain64 " + HEX.toUpperCase() + " 0 7:3 0"));
        assertTrue(t.holdsSecret());
        assertTrue(Targets.table().add(8, t).build().loadOptions().secureData());
    }

    @Test
    void keyNeverInToString() {
        CryptTarget t = CryptTarget.of("aes-xts-plain64", CryptKey.bytes(HexFormat.of().parseHex(HEX)), DEV, 0);
        assertFalse(t.toString().contains(HEX), t.toString());
        assertFalse(t.toString().toLowerCase().contains("aabbccdd"), t.toString());
        RawTarget raw = new RawTarget("crypt", t.format());
        assertFalse(raw.toString().contains(HEX));
        assertTrue(raw.holdsSecret());
    }

    @Test
    void keyNeverInExceptions() {
        String[] bad = {
                "aes-xts-plain64 " + HEX + " x 7:3 0",
                "aes-xts-plain64 " + HEX + " 0 nodev 0",
                "aes-xts-plain64 " + HEX + " 0 7:3 0 1 bogus",
                "aes-xts-plain64 " + HEX + " 0 7:3 0 2 allow_discards",
                "aes-xts-plain64 " + HEX + " 0 7:3 0 extra",
                HEX + " 0 7:3 0",                   // cipher missing: the key sits where the cipher goes
                "aes-xts-plain64 " + HEX + "z 0 7:3 0",
                "aes-xts-plain64 " + HEX.substring(1) + " 0 7:3 0",
        };
        for (String params : bad) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> CryptTarget.parse(params), params);
            assertFalse(e.getMessage().contains(HEX.substring(2, 30)), e.getMessage());
            assertFalse(e.getMessage().toLowerCase().contains("aabbccddeeff"), e.getMessage());
        }
        // the lenient registry keeps such lines raw, and raw crypt text is hidden too
        assertFalse(Targets.of("crypt", bad[0]).toString().contains(HEX));
    }

    @Test
    void secretBytesAreCopiedAndWipeable() {
        byte[] key = HexFormat.of().parseHex(HEX);
        CryptKey.Secret s = CryptKey.bytes(key);
        key[0] = 42;
        assertEquals(0, s.bytes()[0]);
        byte[] out = s.bytes();
        out[1] = 42;
        assertArrayEquals(HexFormat.of().parseHex(HEX), s.bytes());
        assertEquals(CryptKey.bytes(HexFormat.of().parseHex(HEX)), s);
        assertNotEquals(CryptKey.bytes(new byte[] {1}), s);
        s.destroy();
        assertTrue(s.isDestroyed());
        assertThrows(InvalidInputException.class, s::format);
    }

    @Test
    void destroyingTheKeyWipesTheLineMadeFromIt() {
        CryptKey.Secret key = CryptKey.bytes(HexFormat.of().parseHex(HEX));
        CryptTarget t = CryptTarget.of("aes-xts-plain64", key, DEV, 0);
        io.jdm.api.TableLine line = TargetTable.builder().add(8, t).build().table().lines().getFirst();
        assertEquals("aes-xts-plain64 <secret> 0 7:3 0", line.params());
        assertEquals("0 8 crypt aes-xts-plain64 <secret> 0 7:3 0", line.toString());
        key.destroy();
        assertTrue(line.secret().isDestroyed());
        assertThrows(InvalidInputException.class, () -> t.line(0, 8));
    }

    @Test
    void aSecretLineThatDoesNotParseStaysRawWithItsSecret() {
        io.jdm.api.SecretBytes secret = io.jdm.api.SecretBytes.copyOf(new byte[] {1, 2});
        io.jdm.api.TableLine odd = io.jdm.api.TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:3 0 1 some_future_option", secret);
        Target raw = Targets.of(odd);
        assertTrue(raw instanceof RawTarget, raw.toString());
        assertEquals(odd, raw.line(0, 8));
        assertFalse(raw.toString().contains("0102"));
        assertThrows(InvalidInputException.class, () -> Targets.parse(odd));
    }

    @Test
    void keyringAndNoKeyForms() {
        CryptTarget t = CryptTarget.parse("aes-xts-plain64 :64:logon:cryptsetup:abc 0 7:3 8");
        assertEquals(new CryptKey.Keyring(64, "logon", "cryptsetup:abc"), t.key());
        assertEquals("aes-xts-plain64 :64:logon:cryptsetup:abc 0 7:3 8", t.format());
        assertEquals(CryptKey.none(), CryptTarget.parse("cipher_null-ecb - 0 7:3 0").key());
        assertThrows(InvalidInputException.class, () -> CryptTarget.parse("aes :64:bogus:x 0 7:3 0"));
        assertThrows(InvalidInputException.class, () -> CryptTarget.parse("aes :64:logon 0 7:3 0"));
    }

    @Test
    void optionsInTheKernelsOrder() {
        CryptTarget t = CryptTarget.of("aes-xts-plain64", CryptKey.none(), DEV, 8)
                .withFlags(List.of(CryptFlag.NO_WRITE_WORKQUEUE, CryptFlag.ALLOW_DISCARDS))
                .withSectorSize(4096, true);
        assertEquals("aes-xts-plain64 - 0 7:3 8 4 allow_discards no_write_workqueue sector_size:4096 iv_large_sectors",
                t.format());
        assertEquals(t, CryptTarget.parse(t.format()));
        assertThrows(InvalidInputException.class, () -> t.line(0, 4));
        assertThrows(InvalidInputException.class, () -> CryptTarget.of("aes", CryptKey.none(), DEV, 4).withSectorSize(4096, false));
        assertThrows(InvalidInputException.class, () -> t.withSectorSize(768, false));
        assertEquals(Optional.of(new CryptTarget.Integrity(16, "aead")),
                CryptTarget.parse("aes-gcm-random - 0 7:3 0 1 integrity:16:aead").integrity());
    }
}
