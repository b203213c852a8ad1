package io.jdm.testkit.fake;

import io.jdm.api.Errno;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One constructed target of a table: what the kernel's {@code struct dm_target} and its type's methods
 * do, for the types the fake models. Every method runs under the fake kernel's lock.
 */
interface TargetModel {
    String type();

    /** {@code STATUSTYPE_TABLE}: the parameters as the kernel prints them back. */
    String table();

    /**
     * {@code STATUSTYPE_INFO}: the status text.
     *
     * @param noFlush the query asked targets not to flush ({@code DM_NOFLUSH_FLAG}): a thin pool then skips its commit
     */
    String status(boolean noFlush);

    /** The device areas the target maps onto ({@code iterate_devices}), checked against device sizes at resume. */
    List<Area> areas();

    /** Takes the references the constructed target holds, once its table has been accepted. */
    default void attach() {
    }

    /** The destructor: drops what {@link #attach()} took. */
    default void destroy() {
    }

    default void presuspend() {
    }

    default void postsuspend() {
    }

    default void preresume() throws Refusal {
    }

    default void resume() {
    }

    /** {@code DM_TARGET_MSG} to this target, split into words; a reply when the target gives one. */
    default Optional<String> message(String[] argv) throws Refusal {
        throw Refusal.of(Errno.EINVAL, "Target type does not support messages");
    }

    /** A write of {@code sectors} sectors at {@code offset} sectors into this target. */
    void write(Io io, long offset, long sectors) throws IOException;

    /** Where a target's writes go: on to another device (which may be one of the fake's own). */
    @FunctionalInterface
    interface Io {
        void write(BlockDevice device, long sector, long sectors) throws IOException;
    }
}
