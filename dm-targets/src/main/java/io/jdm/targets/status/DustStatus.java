package io.jdm.targets.status;

import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;
import io.jdm.targets.DustTarget;
import io.jdm.targets.KernelWord;

/**
 * The status of a {@code dust} target: {@code <dev> <fail_read_on_bad_block|bypass> <quiet|verbose>}.
 * Words after these (a newer kernel's) are ignored.
 */
public record DustStatus(DeviceNumber device, boolean failingReads, boolean quiet) {
    public static final String TYPE = DustTarget.TYPE;

    enum Mode implements KernelWord {
        FAIL_READ_ON_BAD_BLOCK("fail_read_on_bad_block"), BYPASS("bypass");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    enum Verbosity implements KernelWord {
        QUIET("quiet"), VERBOSE("verbose");

        private final String word;

        Verbosity(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    public static StatusResult<DustStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            String dev = w.next("device");
            DeviceNumber device;
            try {
                device = DeviceNumber.parse(dev);
            } catch (InvalidInputException e) {
                throw new Words.Bad("device must be major:minor, got '" + dev + "'");
            }
            Mode mode = Enums.word(Mode.class, "mode", w.next("mode"));
            Verbosity verbosity = Enums.word(Verbosity.class, "verbosity", w.next("verbosity"));
            return new DustStatus(device, mode == Mode.FAIL_READ_ON_BAD_BLOCK, verbosity == Verbosity.QUIET);
        });
    }
}
