package io.jdm.testkit.fake;

import io.jdm.api.Errno;

import java.io.IOException;
import java.util.List;

/** The targets without state of their own: linear, zero and error. */
final class SimpleTargets {
    private SimpleTargets() {
    }

    /** {@code linear <dev> <offset>}: the offset is read before the device is opened, as the kernel does. */
    static TargetModel linear(Construction c, String[] argv) throws Refusal {
        if (argv.length != 2) {
            throw Refusal.of(Errno.EINVAL, "Invalid argument count");
        }
        long offset = KernelNumbers.scanU64(argv[1]);
        if (offset < 0) {
            throw Refusal.of(Errno.EINVAL, "Invalid device sector");
        }
        return new Linear(c.device(argv[0]), offset, c.length);
    }

    record Linear(BlockDevice device, long offset, long length) implements TargetModel {
        @Override
        public String type() {
            return "linear";
        }

        @Override
        public String table() {
            return device.number() + " " + offset;
        }

        @Override
        public String status(boolean noFlush) {
            return "";
        }

        @Override
        public List<Area> areas() {
            return List.of(new Area(device, offset, length));
        }

        @Override
        public void write(Io io, long at, long sectors) throws IOException {
            io.write(device, offset + at, sectors);
        }
    }

    /** {@code zero}: no arguments. Writes are dropped. */
    static TargetModel zero(Construction c, String[] argv) throws Refusal {
        if (argv.length != 0) {
            throw Refusal.of(Errno.EINVAL, "No arguments required");
        }
        return new NoDevice("zero", false);
    }

    /** {@code error}: any arguments, ignored (Linux 6.1). All I/O fails. */
    static TargetModel error(Construction c, String[] argv) {
        return new NoDevice("error", true);
    }

    record NoDevice(String type, boolean failsIo) implements TargetModel {
        @Override
        public String table() {
            return "";
        }

        @Override
        public String status(boolean noFlush) {
            return "";
        }

        @Override
        public List<Area> areas() {
            return List.of();
        }

        @Override
        public void write(Io io, long at, long sectors) throws IOException {
            if (failsIo) {
                throw new IOException("Input/output error (the error target fails all I/O)");
            }
        }
    }
}
