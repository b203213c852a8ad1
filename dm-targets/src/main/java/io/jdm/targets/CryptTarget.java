package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.SecretBytes;
import io.jdm.api.internal.Decimal;
import io.jdm.api.TableLine;
import io.jdm.api.internal.CryptKeyWord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code crypt}: {@code <cipher> <key> <iv_offset> <dev> <offset> [<#opt> <opt>...]}.
 *
 * <p>The key is a {@link CryptKey}: secret bytes, a keyring reference or none. {@link #holdsSecret()}
 * is always true, so a table with this target is loaded with {@code DM_SECURE_DATA_FLAG}. A secret key
 * goes into its table line as {@link io.jdm.api.SecretBytes} ({@link #line(long, long)}), which jdm writes
 * into the kernel's request as hex and wipes; a table read back gives it back the same way and
 * {@link #parse(TableLine)} keeps it so. The key never appears in {@link #toString()} or in a message of
 * ours. Only {@link #format()}, the kernel's text, holds it as a String: use it to show a key to a person
 * who asked, not to load tables.
 *
 * <p>Optional features are kept in the kernel's print order (flags, {@code integrity:}, {@code sector_size:},
 * {@code iv_large_sectors}) so that the table read back parses to an equal value.
 *
 * @param sectorSize encryption sector size in bytes, 512 (the default, not printed) .. 4096, a power of two
 */
public record CryptTarget(String cipher, CryptKey key, long ivOffset, BlockDev device, long offset,
                          List<CryptFlag> flags, Optional<Integrity> integrity, int sectorSize,
                          boolean ivLargeSectors) implements Target {
    public static final String TYPE = CryptKeyWord.TYPE;
    public static final int DEFAULT_SECTOR_SIZE = 512;
    public static final int MAX_SECTOR_SIZE = 4096;

    /** {@code integrity:<tag_bytes>:<type>}: authenticated encryption over dm-integrity. */
    public record Integrity(int tagBytes, String type) {
        public Integrity {
            Check.range(TYPE, "integrity tag size (bytes)", tagBytes, 1, Integer.MAX_VALUE);
            Check.word(TYPE, "integrity type", type);
        }

        String format() {
            return "integrity:" + tagBytes + ":" + type;
        }
    }

    public CryptTarget {
        Check.word(TYPE, "cipher", cipher);
        Check.notNull(TYPE, "key", key);
        Check.nonNegative(TYPE, "iv offset", ivOffset);
        Check.notNull(TYPE, "device", device);
        Check.nonNegative(TYPE, "offset", offset);
        flags = Check.noDuplicates(TYPE, "flag", Check.notNull(TYPE, "flags", flags)).stream().sorted().toList();
        Check.notNull(TYPE, "integrity", integrity);
        if (sectorSize < DEFAULT_SECTOR_SIZE || sectorSize > MAX_SECTOR_SIZE || !Check.isPowerOfTwo(sectorSize)) {
            throw new InvalidInputException(TYPE + ": sector size must be a power of two " + DEFAULT_SECTOR_SIZE + ".."
                    + MAX_SECTOR_SIZE + " bytes, got " + sectorSize);
        }
        long sectorsPerUnit = sectorSize / 512;
        // the kernel checks both against the encryption sector size ("Invalid iv_offset sector", "Invalid device sector")
        if (offset % sectorsPerUnit != 0 || ivOffset % sectorsPerUnit != 0) {
            throw new InvalidInputException(TYPE + ": offset " + offset + " and iv offset " + ivOffset
                    + " must be multiples of the sector size (" + sectorsPerUnit + " sectors)");
        }
    }

    /** The common case: a cipher, a key, the device from sector {@code offset}, no features. */
    public static CryptTarget of(String cipher, CryptKey key, BlockDev device, long offset) {
        return new CryptTarget(cipher, key, 0, device, offset, List.of(), Optional.empty(), DEFAULT_SECTOR_SIZE, false);
    }

    public CryptTarget withFlags(List<CryptFlag> flags) {
        return new CryptTarget(cipher, key, ivOffset, device, offset, flags, integrity, sectorSize, ivLargeSectors);
    }

    public CryptTarget withSectorSize(int sectorSize, boolean ivLargeSectors) {
        return new CryptTarget(cipher, key, ivOffset, device, offset, flags, integrity, sectorSize, ivLargeSectors);
    }

    public CryptTarget withIvOffset(long ivOffset) {
        return new CryptTarget(cipher, key, ivOffset, device, offset, flags, integrity, sectorSize, ivLargeSectors);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean holdsSecret() {
        return true;
    }

    @Override
    public void checkLength(long sectors) {
        long unit = sectorSize / 512;
        if (sectors % unit != 0) {
            throw new InvalidInputException(TYPE + ": target length " + sectors + " must be a multiple of the sector size ("
                    + unit + " sectors)");
        }
    }

    /** The option words in the kernel's order, without the count. */
    public List<String> optionWords() {
        List<String> words = new ArrayList<>();
        flags.forEach(f -> words.add(f.word()));
        integrity.ifPresent(i -> words.add(i.format()));
        if (sectorSize != DEFAULT_SECTOR_SIZE) {
            words.add("sector_size:" + sectorSize);
        }
        if (ivLargeSectors) {
            words.add("iv_large_sectors");
        }
        return words;
    }

    /**
     * The kernel's parameter text, key included as hex: a String that cannot be wiped. Loading does not
     * use it ({@link #line(long, long)} carries the key as secret bytes).
     */
    @Override
    public String format() {
        return format(key.format());
    }

    private String format(String keyWord) {
        List<String> options = optionWords();
        String base = cipher + " " + keyWord + " " + ivOffset + " " + device.format() + " " + offset;
        return options.isEmpty() ? base : base + " " + options.size() + " " + String.join(" ", options);
    }

    /** The table line, a secret key carried as {@link io.jdm.api.SecretBytes} (shared with this target's key). */
    @Override
    public TableLine line(long start, long length) {
        checkLength(length);
        if (key instanceof CryptKey.Secret secret) {
            return TableLine.withSecret(start, length, TYPE, format(TableLine.SECRET_WORD), secret.secretBytes());
        }
        return new TableLine(start, length, TYPE, format());
    }

    /**
     * Parses a crypt table line, as {@link io.jdm.api.DeviceMapper#table} reads it back: a key that came
     * back as secret bytes stays secret bytes (shared with the line, not copied).
     */
    public static CryptTarget parse(TableLine line) {
        if (!line.type().equals(TYPE)) {
            throw new InvalidInputException(TYPE + ": a table line of type '" + line.type() + "' is not a crypt target");
        }
        return parse(line.params(), line.secret());
    }

    /** Parses crypt params; no error message ever quotes the key (or any word that might be it). */
    public static CryptTarget parse(String params) {
        return parse(params, null);
    }

    private static CryptTarget parse(String params, SecretBytes secret) {
        Args a = Args.secret(TYPE, params);
        String cipher = a.next("cipher");
        String keyWord = a.next("key");
        CryptKey key = secret != null && keyWord.equals(TableLine.SECRET_WORD) ? CryptKey.of(secret) : CryptKey.parse(keyWord);
        long ivOffset = a.u64("iv offset");
        BlockDev device = a.dev("device");
        long offset = a.u64("offset");
        List<CryptFlag> flags = new ArrayList<>();
        Optional<Integrity> integrity = Optional.empty();
        int sectorSize = DEFAULT_SECTOR_SIZE;
        boolean ivLarge = false;
        if (a.hasNext()) {
            long count = a.u32("option count");
            if (count != a.remaining()) {
                throw a.error("option count " + count + " but " + a.remaining() + " options follow");
            }
            for (long i = 0; i < count; i++) {
                String word = a.next("option");
                String lower = word.toLowerCase(Locale.ROOT);
                Optional<CryptFlag> flag = CryptFlag.fromWord(word);
                if (flag.isPresent()) {
                    if (flags.contains(flag.get())) {
                        throw a.error("duplicate option " + flag.get());
                    }
                    flags.add(flag.get());
                } else if (lower.equals("iv_large_sectors")) {
                    ivLarge = true;
                } else if (lower.startsWith("sector_size:")) {
                    long size = Decimal.parse(word.substring("sector_size:".length()), MAX_SECTOR_SIZE);
                    if (size < 0) {
                        throw a.error("sector_size must be a number up to " + MAX_SECTOR_SIZE);
                    }
                    sectorSize = (int) size;
                } else if (lower.startsWith("integrity:")) {
                    integrity = Optional.of(parseIntegrity(a, word));
                } else {
                    throw a.error("unknown option at argument " + (5 + 1 + i));
                }
            }
        }
        a.end();
        return new CryptTarget(cipher, key, ivOffset, device, offset, flags, integrity, sectorSize, ivLarge);
    }

    private static Integrity parseIntegrity(Args a, String word) {
        String rest = word.substring("integrity:".length());
        int colon = rest.indexOf(':');
        long bytes = colon < 0 ? -1 : Decimal.parse(rest.substring(0, colon), Integer.MAX_VALUE);
        if (bytes < 0) {
            throw a.error("integrity option must be integrity:<tag bytes>:<type>");
        }
        return new Integrity((int) bytes, rest.substring(colon + 1));
    }

    /** Everything but the key. */
    @Override
    public String toString() {
        String shownKey = key instanceof CryptKey.Secret s ? s.toString() : key.format();
        return "CryptTarget[cipher=" + cipher + ", key=" + shownKey + ", ivOffset=" + ivOffset + ", device=" + device
                + ", offset=" + offset + ", options=" + optionWords() + "]";
    }
}
