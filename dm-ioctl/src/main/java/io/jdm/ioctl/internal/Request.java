package io.jdm.ioctl.internal;

import io.jdm.api.DeviceRef;
import io.jdm.api.internal.RequestChecks;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One device-mapper call, as a value: the command, the device it is about, the flags, the event number
 * (DEV_WAIT) or the udev cookie (resume, remove, rename), which share the header's {@code event_nr}
 * field but never one call, the data area's size and how to write it, how to read the reply, what was
 * sent in words (for the exception when the kernel refuses), and whether the request holds secrets.
 *
 * @param device    the device, or null for the commands about no device
 * @param dataBytes bytes the request needs after the 312-byte header
 * @param sent      called only when the kernel refuses; null when the command's errno says it all
 * @param secure    the request or its reply holds secrets: {@code DM_SECURE_DATA_FLAG}, and our buffer is
 *                  wiped after the call
 */
public record Request<T>(CommandSpec spec, DeviceRef device, int flags, int eventNr, int cookie, int dataBytes,
                         Writer writer, Reader<T> reader, Supplier<String> sent, boolean secure) {

    /** Writes extra header fields and/or data at {@link DmStructs#IOCTL_SIZE} of the zeroed buffer. */
    @FunctionalInterface
    public interface Writer {
        void write(MemorySegment buffer);

        Writer NONE = buffer -> { };
    }

    /** Reads a successful reply; the buffer is bounded, and its {@code data_size} checked, by the caller. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(MemorySegment buffer);
    }

    public Request {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(reader, "reader");
        if (dataBytes < 0) {
            throw new IllegalArgumentException("dataBytes must not be negative: " + dataBytes);
        }
        if (eventNr != 0 && cookie != 0) {
            throw new IllegalArgumentException("a call carries an event number or a udev cookie, not both");
        }
    }

    /** A call without data, flags, event number or cookie. */
    public static <T> Request<T> of(CommandSpec spec, DeviceRef device, Reader<T> reader) {
        return new Request<>(spec, device, 0, 0, 0, 0, Writer.NONE, reader, null, false);
    }

    /** A call without data. */
    public static <T> Request<T> of(CommandSpec spec, DeviceRef device, int flags, Reader<T> reader) {
        return new Request<>(spec, device, flags, 0, 0, 0, Writer.NONE, reader, null, false);
    }

    public Request<T> withFlags(int flags) {
        return new Request<>(spec, device, flags, eventNr, cookie, dataBytes, writer, reader, sent, secure);
    }

    /** The event number DEV_WAIT waits to see change: an unsigned 32-bit value. */
    public Request<T> withEventNr(long eventNr) {
        return new Request<>(spec, device, flags, RequestChecks.eventNumber(eventNr), cookie, dataBytes, writer, reader, sent, secure);
    }

    /** The udev cookie the kernel puts in the uevent of a resume, remove or rename. */
    public Request<T> withCookie(int cookie) {
        return new Request<>(spec, device, flags, eventNr, cookie, dataBytes, writer, reader, sent, secure);
    }

    /** {@code bytes} of data after the header, written by {@code writer}, and how to describe them. */
    public Request<T> withData(int bytes, Writer writer, Supplier<String> sent) {
        return new Request<>(spec, device, flags, eventNr, cookie, bytes, writer, reader, sent, secure);
    }

    public Request<T> withSent(Supplier<String> sent) {
        return new Request<>(spec, device, flags, eventNr, cookie, dataBytes, writer, reader, sent, secure);
    }

    public Request<T> withSecure(boolean secure) {
        return new Request<>(spec, device, flags, eventNr, cookie, dataBytes, writer, reader, sent, secure);
    }

    /** What goes into the header's {@code event_nr}. */
    int eventField() {
        return eventNr | cookie;
    }
}
