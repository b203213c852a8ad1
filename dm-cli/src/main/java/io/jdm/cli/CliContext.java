package io.jdm.cli;

import io.jdm.api.DeviceMapper;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What a subcommand runs with: its streams, the host view, and a device-mapper opened on first use,
 * so that commands which fail on their arguments never touch the kernel.
 */
final class CliContext implements AutoCloseable {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final HostView host;
    private final Supplier<DeviceMapper> opener;
    private DeviceMapper dm;

    CliContext(PrintStream out, PrintStream err, InputStream in, HostView host, Supplier<DeviceMapper> opener) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.host = host;
        this.opener = opener;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    InputStream in() {
        return in;
    }

    HostView host() {
        return host;
    }

    DeviceMapper dm() {
        if (dm == null) {
            dm = opener.get();
        }
        return dm;
    }

    @Override
    public void close() {
        if (dm != null) {
            dm.close();
            dm = null;
        }
    }
}
