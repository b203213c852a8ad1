package io.jdm.cli;

import io.jdm.api.DeviceRef;
import io.jdm.api.LoadOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;

import java.time.Duration;

/**
 * {@code remove [--force] [--retry] [--deferred] DEVICE...}. {@code --force} first swaps in an error table
 * of the same size (so whoever holds the device open gets I/O errors instead of hanging), as dmsetup does;
 * {@code --retry} retries EBUSY the way libdm does (25 times, 200 ms apart).
 */
final class RemoveCommand extends BaseCommand {
    RemoveCommand() {
        super("remove", "[--deferred] [-f|--force] [--retry] <device>...", 0, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        RemoveOptions options = RemoveOptions.defaults().withDeferred(inv.has("deferred"));
        if (inv.has("retry")) {
            options = options.withBusyRetries(25, Duration.ofMillis(200));
        }
        RemoveOptions chosen = options;
        Devices.each(inv, ref -> {
            if (inv.has("force")) {
                replaceWithError(ctx, ref);
            }
            ctx.dm().remove(ref, chosen);
        });
        return Cli.OK;
    }

    /** dmsetup's _error_device: best effort, its failure does not stop the remove. */
    static void replaceWithError(CliContext ctx, DeviceRef ref) {
        try {
            long size = ctx.dm().table(ref).table().sectors();
            if (size == 0) {
                return;
            }
            ctx.dm().load(ref, Table.of(TableLine.of(0, size, "error", "")), LoadOptions.defaults());
            // --force must not hang on flushing I/O that can never complete
            ctx.dm().resume(ref, SuspendOptions.defaults().withNoFlush(true).withSkipLockfs(true));
        } catch (RuntimeException e) {
            try {
                ctx.dm().clear(ref);
            } catch (RuntimeException ignored) {
                // the remove that follows reports what is wrong with the device
            }
        }
    }
}
