package io.jdm.targets;

/**
 * flakey's {@code corrupt_bio_byte <Nth_byte> <r|w> <value> <bio_flags>}: while down, set byte
 * {@code nthByte} (1-based) of matching bios to {@code value}.
 */
public record CorruptBioByte(long nthByte, Direction direction, int value, long bioFlags) {

    public enum Direction implements KernelWord {
        READ("r"), WRITE("w");

        private final String word;

        Direction(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    public CorruptBioByte {
        Check.range(FlakeyTarget.TYPE, "corrupt_bio_byte Nth byte", nthByte, 1, Check.U32_MAX);
        Check.notNull(FlakeyTarget.TYPE, "corrupt_bio_byte direction", direction);
        Check.range(FlakeyTarget.TYPE, "corrupt_bio_byte value", value, 0, 255);
        Check.u32(FlakeyTarget.TYPE, "corrupt_bio_byte bio flags", bioFlags);
    }

    String format() {
        return "corrupt_bio_byte " + nthByte + " " + direction.word() + " " + value + " " + bioFlags;
    }
}
