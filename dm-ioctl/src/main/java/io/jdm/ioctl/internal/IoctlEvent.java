package io.jdm.ioctl.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import java.lang.foreign.MemorySegment;

/**
 * A JFR event per ioctl on the control device. Off unless a recording enables {@code io.jdm.Ioctl}: then
 * each call to the kernel (a grown or restarted call is several) is one event with its duration. Until
 * JFR is started in the process it costs the check of a flag and no object; once it is, an event object
 * per call (56 bytes) whether or not this event is enabled: the JIT's escape analysis does not remove it,
 * because it escapes on the path that commits.
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

    /** The event of a call about to be made, begun; null while no recording was ever started in this JVM. */
    static IoctlEvent begin(Request<?> request) {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        IoctlEvent event = new IoctlEvent();
        event.begin();
        return event;
    }

    /** Ends the event of the call that returned {@code result} for {@code request} and commits it if enabled. */
    static void finish(IoctlEvent event, Request<?> request, int size, int result, MemorySegment buffer) {
        if (event == null) {
            return;
        }
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
