package io.jdm.api;

import io.jdm.api.internal.TableText;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTest {

    @Test
    void builderComputesContiguousStarts() {
        Table t = Table.builder().add(100, "linear", "7:0 0").add(50, "zero", "").build();
        assertEquals(0, t.lines().get(0).start());
        assertEquals(100, t.lines().get(1).start());
        assertEquals(150, t.sectors());
        assertEquals("0 100 linear 7:0 0\n100 50 zero\n", t.toString());
    }

    @Test
    void gapsOverlapsAndLateStartsAreRefused() {
        TableLine a = TableLine.of(0, 100, "zero", "");
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(a, TableLine.of(101, 1, "zero", "")))
                .getMessage().contains("gap"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(a, TableLine.of(99, 1, "zero", "")))
                .getMessage().contains("overlap"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(TableLine.of(8, 1, "zero", "")))
                .getMessage().contains("sector 0"));
    }

    @Test
    void lineRulesAreTheKernels() {
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 0, "zero", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, -1, "zero", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "a-type-of-16-chr", ""));
        TableLine.of(0, 1, "a-type-of-15-ch", "");
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "two words", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "zero", "nul\0"));
        assertThrows(InvalidInputException.class, () -> TableLine.of(TableLine.MAX_SECTORS, 1, "zero", ""));
        TableLine.of(TableLine.MAX_SECTORS - 1, 1, "zero", "");
    }

    @Test
    void backslashesAreDoubledForTheKernel() {
        assertEquals("a\\\\b \\\\\\\\", TableLine.of(0, 1, "x", "a\\b \\\\").escapedParams());
        assertEquals("plain", TableLine.of(0, 1, "x", "plain").escapedParams());
    }

    @Test
    void parsesDmsetupTableText() {
        Table t = Table.parse("# comment\n0 100 linear 7:0 2048\n\n100 8 error\n");
        assertEquals(2, t.lines().size());
        assertEquals("7:0 2048", t.lines().get(0).params());
        assertEquals("", t.lines().get(1).params());
        assertThrows(InvalidInputException.class, () -> Table.parse("0 x linear"));
        assertThrows(InvalidInputException.class, () -> Table.parse("0 100"));
    }

    @Test
    void aCryptKeyNeverShowsInTheTextForm() {
        String key = "babebabebabebabebabebabebabebabebabebabebabebabebabebabebabebabe";
        TableLine line = TableLine.of(0, 2048, "crypt", "aes-xts-plain64 " + key + " 0 7:0 0 1 allow_discards");
        assertEquals("0 2048 crypt aes-xts-plain64 <secret> 0 7:0 0 1 allow_discards", line.toString());
        assertFalse(Table.of(line).toString().contains(key));
        assertTrue(line.params().contains(key), "what goes to the kernel keeps the key");
        // keyring references and "-" are not secrets; other targets are shown as they are
        assertEquals("0 8 crypt aes-xts-plain64 :32:logon:jdm:k 0 7:0 0", TableLine.of(0, 8, "crypt", "aes-xts-plain64 :32:logon:jdm:k 0 7:0 0").toString());
        assertEquals("0 8 crypt capi:cbc(aes)-plain - 0 7:0 0", TableLine.of(0, 8, "crypt", "capi:cbc(aes)-plain - 0 7:0 0").toString());
        assertEquals("0 8 linear 7:0 " + key.length(), TableLine.of(0, 8, "linear", "7:0 " + key.length()).toString());
    }

    @Test
    void keyMaterialIsRecognisedInEitherForm() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {1, 2, 3});
        assertTrue(TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", secret).holdsKeyMaterial());
        assertTrue(TableLine.of(0, 8, "crypt", "aes 0a0b 0 7:0 0").holdsKeyMaterial());
        assertFalse(TableLine.of(0, 8, "crypt", "aes :32:logon:k 0 7:0 0").holdsKeyMaterial());
        assertFalse(TableLine.of(0, 8, "crypt", "cipher_null - 0 7:0 0").holdsKeyMaterial());
        assertFalse(TableLine.of(0, 8, "linear", "7:0 0a0b").holdsKeyMaterial());
        assertTrue(Table.of(TableLine.of(0, 8, "zero", ""), TableLine.of(8, 8, "crypt", "aes 0a0b 0 7:0 0")).holdsKeyMaterial());
        assertFalse(Table.of(8, "zero", "").holdsKeyMaterial());
    }

    @Test
    void aSecretLineShowsItsKeyOnlyWhenAskedTo() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {(byte) 0xde, (byte) 0xad, 0x0f});
        TableLine line = TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", secret);
        assertEquals("0 8 crypt aes <secret> 0 7:0 0", line.toString());
        assertEquals("aes dead0f 0 7:0 0", line.revealedParams());
        assertEquals("SecretBytes[3 bytes, hidden]", secret.toString());
        // equal when the bytes are, whichever instance holds them
        assertEquals(line, TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", SecretBytes.fromHex("DEAD0F", 0, 6)));
        assertFalse(line.equals(TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", SecretBytes.fromHex("dead0e", 0, 6))));

        Table.of(line).destroySecrets();
        assertTrue(secret.isDestroyed());
        assertThrows(IllegalStateException.class, line::revealedParams);
        assertThrows(InvalidInputException.class, () -> TableLine.withSecret(0, 8, "crypt", "aes <secret> 0 7:0 0", secret));
    }

    @Test
    void aSecretNeedsExactlyOnePlaceToGo() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {1});
        for (String params : new String[] {"aes 01 0 7:0 0", "aes <secret> <secret> 7:0 0", "aes x<secret> 0 7:0 0"}) {
            assertThrows(InvalidInputException.class, () -> TableLine.withSecret(0, 8, "crypt", params, secret), params);
        }
        assertEquals(4, TableText.secretWordAt("aes <secret> x<secret>"));
        assertEquals(0, TableText.secretWordAt("<secret>"));
    }

    @Test
    void hexThatIsNotAKeyIsRefusedWithoutQuotingIt() {
        assertEquals(null, SecretBytes.fromHex("abc", 0, 3));
        assertEquals(null, SecretBytes.fromHex("zz", 0, 2));
        assertEquals(null, SecretBytes.fromHex("", 0, 0));
        assertEquals(SecretBytes.copyOf(new byte[] {(byte) 0xab}), SecretBytes.fromHex("x ab y", 2, 2));
        assertThrows(InvalidInputException.class, () -> SecretBytes.copyOf(new byte[0]));
    }

    @Test
    void aCryptKeyAfterTabsOrDoubleSpacesIsKeyMaterialAndHiddenAsTheKernelSplitsWords() {
        for (String params : new String[] {"aes-xts-plain64  00112233 0 7:0 0", "aes-xts-plain64\t00112233 0 7:0 0",
                "aes-xts-plain64 \t 00112233 0 7:0 0", "\taes-xts-plain64\n00112233\t0 7:0 0"}) {
            TableLine line = TableLine.of(0, 8, "crypt", params);
            assertTrue(line.holdsKeyMaterial(), params);
            assertFalse(line.toString().contains("00112233"), line.toString());
            assertTrue(line.toString().contains(TableLine.SECRET_WORD), line.toString());
        }
        assertFalse(TableLine.of(0, 8, "crypt", "aes-xts-plain64\t:32:logon:k 0 7:0 0").holdsKeyMaterial());
        assertFalse(TableLine.of(0, 8, "crypt", "cipher_null-ecb\t- 0 7:0 0").holdsKeyMaterial());
    }

    @Test
    void paramsTheKernelWouldCutInsideACharacterAreRefusedWithoutQuotingThem() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TableLine.of(0, 8, "crypt", "aes\u00a000112233 0 7:0 0"));
        assertFalse(e.getMessage().contains("00112233"), e.getMessage());
        assertTrue(e.getMessage().contains("U+00A0"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 8, "linear", "/dev/disk/by-label/\u00e0 0"));
    }

    @Test
    void parseSplitsAsTheKernelAndNeverQuotesAKey() {
        Table t = Table.parse("0\t8  crypt \t aes 00112233 0 7:0 0\r\n");
        assertEquals("aes 00112233 0 7:0 0", t.lines().getFirst().params());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Table.parse("x 8 crypt aes 00112233 0 7:0 0"));
        assertFalse(e.getMessage().contains("00112233"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Table.parse("0 8 crypt aes 00112233 0 7:0 0\n0 8 crypt aes ffeeddcc 0 7:0 0"));
        assertFalse(e.getMessage().contains("ffeeddcc"), e.getMessage());
    }
}
