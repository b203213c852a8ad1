package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceMapperUnavailableException;
import io.jdm.api.KernelException;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses the command line, runs one subcommand and turns failures into dmsetup's messages and exit
 * statuses: 0 on success, 1 for anything else (dmsetup uses 1 for usage errors and failed commands alike);
 * the one exception is {@code volume audit}, which exits 2 when it ran but found records and pool disagreeing.
 */
public final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final HostView host;
    private final Supplier<DeviceMapper> opener;
    private final Map<String, Subcommand> commands = new LinkedHashMap<>();

    public Cli(PrintStream out, PrintStream err, InputStream in) {
        this(out, err, in, new SysfsHostView(), DeviceMapper::open);
    }

    Cli(PrintStream out, PrintStream err, InputStream in, HostView host, Supplier<DeviceMapper> opener) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.host = host;
        this.opener = opener;
        for (Subcommand c : List.of(new HelpCommand(this), new CreateCommand(), new RemoveCommand(), new RemoveAllCommand(),
                SuspendResumeCommand.suspend(), SuspendResumeCommand.resume(), LoadCommand.load(), new ClearCommand(),
                LoadCommand.reload(), new RenameCommand(), new MessageCommand(), new LsCommand(), new InfoCommand(),
                new DepsCommand(), TableStatusCommand.status(), TableStatusCommand.table(), new WaitCommand(),
                new MknodesCommand(), new TargetVersionCommand(), new TargetsCommand(), new VersionCommand(),
                new SetGeometryCommand(), new ThinCommand(), new VolumeCommand(), new DemoCommand())) {
            commands.put(c.name(), c);
        }
    }

    /** Runs {@code args}; returns the exit status. */
    public int run(String... args) {
        Invocation inv;
        try {
            inv = ArgParser.parse(Arrays.asList(args));
        } catch (UsageException e) {
            err.println("jdm: " + e.getMessage());
            err.println("Couldn't process command line.");
            err.print(usage());
            return FAILED;
        }
        String name = inv.command();
        if (name.isEmpty()) {
            if (inv.has("version")) {
                name = "version";
            } else if (inv.has("help")) {
                name = "help";
            } else {
                err.print(usage());
                return FAILED;
            }
            inv = new Invocation(name, List.of(), inv.options());
        }
        Subcommand command = commands.get(name);
        if (command == null) {
            err.println("Unknown command.");
            err.print(usage());
            return FAILED;
        }
        if (inv.args().size() < command.minArgs() || inv.args().size() > command.maxArgs()) {
            err.println("Incorrect number of arguments.");
            err.print(usage());
            return FAILED;
        }
        return execute(command, inv);
    }

    String usage() {
        return Usage.text(commands.values());
    }

    private int execute(Subcommand command, Invocation inv) {
        try (CliContext ctx = new CliContext(out, err, in, host, opener)) {
            return command.run(inv, ctx);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("Couldn't process command line.");
            return FAILED;
        } catch (CommandFailedException e) {
            return failed(e.getMessage());
        } catch (KernelException e) {
            return failed(Failures.silentNoDevice(e, command.name()) ? "Device does not exist."
                    : Failures.ioctl(e, command.name()));
        } catch (DeviceMapperUnavailableException e) {
            return failed("jdm: " + e.getMessage());
        } catch (DeviceMapperException e) {
            return failed(e.getMessage());
        } catch (Exception e) {
            return failed("jdm: " + command.name() + " failed: " + e);
        } finally {
            out.flush();
        }
    }

    private int failed(String message) {
        out.flush();
        if (message != null) {
            err.println(message);
        }
        err.println("Command failed.");
        return FAILED;
    }
}
