package io.jdm.thin.fs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Making or reading a filesystem failed: what kind of failure, the device, and the program and its output if one ran. */
public final class FilesystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that act on it. */
    public enum Kind {
        /** The mkfs program is not installed: {@link #program()} names it, the message the package to install. */
        PROGRAM_MISSING,
        /** The mkfs program exited with an error: {@link #output()} has what it printed. */
        PROGRAM_FAILED,
        /** The mkfs program did not finish in time and was killed. */
        TIMED_OUT,
        /** The program finished but the device holds no filesystem of the type it was to make. */
        NOT_MADE,
        /** The device is mounted: mkfs would refuse it (or, forced, destroy a live filesystem). */
        MOUNTED,
        /** The device could not be read. */
        IO,
        /** The device has the superblocks of two filesystems: which one a mount would find is not certain. */
        AMBIGUOUS
    }

    private final Kind kind;
    private final transient Path device;
    private final String program;
    private final int exitCode;
    private final String output;

    FilesystemException(Kind kind, Path device, String program, int exitCode, String output, String message,
                        Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.device = device;
        this.program = program;
        this.exitCode = exitCode;
        this.output = output == null ? "" : output;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The device (or image file) concerned. */
    public Path device() {
        return device;
    }

    /** The program that was to run, for failures of one. */
    public Optional<String> program() {
        return Optional.ofNullable(program);
    }

    /** The program's exit code, for {@link Kind#PROGRAM_FAILED}. */
    public OptionalInt exitCode() {
        return kind == Kind.PROGRAM_FAILED ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    /** What the program printed (stdout and stderr), {@code ""} if none ran. */
    public String output() {
        return output;
    }
}
