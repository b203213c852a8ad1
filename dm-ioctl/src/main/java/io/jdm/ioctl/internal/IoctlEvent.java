package io.jdm.ioctl.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import java.lang.foreign.MemorySegment;

/**
 * A JFR event per ioctl on the control device. Off unless a recording enables {@code io.jdm.Ioctl}: then
 * each call to the kernel (a grown or restarted call is several) is one event with its duration. Disabled,
 * it costs a check of a flag: the JIT removes the event object.
 */
@Name("io.jdm.Ioctl")
@Label("Device-mapper ioctl")
@Category({"jdm", "Device Mapper"})
@Description("One ioctl on /dev/mapper/control: the command, the device, the errno (0 when it succeeded), the"
        + " request's size and the reply's")
@Enabled(false)
@StackTrace(false)
final class IoctlEvent extends jdk.jfr.Event {
    @Label("Command")
    String command;

    @Label("Device")
    String device;

    @Label("Errno")
    @Description("0 when the call succeeded")
    int errno;

    @Label("Request Size")
    @DataAmount
    int bytes;

    @Label("Reply Size")
    @Description("The reply's data_size; 0 when the call failed")
    @DataAmount
    int replyBytes;

    /** Ends the event of the call that returned {@code result} for {@code request} and commits it if enabled. */
    static void finish(IoctlEvent event, Request<?> request, int size, int result, MemorySegment buffer) {
        event.end();
        if (event.shouldCommit()) {
            event.command = request.spec().command().kernelName();
            event.device = request.device() == null ? "" : request.device().toString();
            event.errno = result < 0 ? -result : 0;
            event.bytes = size;
            event.replyBytes = result == 0 ? HeaderCodec.dataSize(buffer) : 0;
            event.commit();
        }
    }
}
