package io.jdm.targets.kernel;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.TargetStatus;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.TargetTable;
import io.jdm.testkit.DmScratch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the kernel tests share: typed create, typed readback, a loop as a table device, running a host tool. */
final class Kernel {
    static final long MIB = 1024 * 1024;

    private Kernel() {
    }

    static BlockDev dev(LoopDevice loop) {
        return BlockDev.of(loop.number());
    }

    /** Creates a live device from a typed table, with the load options it needs (secure data for keys). */
    static DeviceInfo create(DeviceMapper dm, DmScratch s, String name, TargetTable table) {
        return dm.createWithTable(s.name(name), CreateOptions.defaults(), table.table(), table.loadOptions());
    }

    /** The live table as the kernel prints it, typed. */
    static TargetTable readBack(DeviceMapper dm, DeviceRef device) {
        return TargetTable.of(dm.table(device).table());
    }

    /** Creates the device and checks that the kernel's table readback parses to exactly what was sent. */
    static DeviceInfo createAndCheck(DeviceMapper dm, DmScratch s, String name, TargetTable table) {
        DeviceInfo info = create(dm, s, name, table);
        assertEquals(table, readBack(dm, info.ref()), "table read back from " + name);
        return info;
    }

    static TargetStatus onlyStatus(DeviceMapper dm, DeviceRef device) {
        List<TargetStatus> targets = dm.status(device).targets();
        assertEquals(1, targets.size(), "targets of " + device);
        return targets.getFirst();
    }

    /** Runs a host tool (e.g. thin_check); returns its exit code and output. */
    static Result run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {
    }
}
