package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.Optional;

/** {@code thin}: {@code <pool_dev> <dev_id> [<external_origin_dev>]}; the line's length is the thin device's size. */
public record ThinTarget(BlockDev pool, long deviceId, Optional<BlockDev> externalOrigin) implements Target {
    public static final String TYPE = "thin";
    /** Thin device ids are 24-bit. */
    public static final long MAX_DEVICE_ID = (1L << 24) - 1;

    public ThinTarget {
        Check.notNull(TYPE, "pool device", pool);
        requireDeviceId("device id", deviceId);
        Check.notNull(TYPE, "external origin", externalOrigin);
        if (externalOrigin.isPresent() && externalOrigin.get().format().equals(pool.format())) {
            throw new InvalidInputException(TYPE + ": external origin must differ from the pool device " + pool);
        }
    }

    public static ThinTarget of(BlockDev pool, long deviceId) {
        return new ThinTarget(pool, deviceId, Optional.empty());
    }

    /** Checks a thin device id (0..2^24-1), naming {@code field} when it is out of range. */
    public static long requireDeviceId(String field, long id) {
        return Check.range(TYPE, field, id, 0, MAX_DEVICE_ID);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return pool.format() + " " + deviceId + externalOrigin.map(o -> " " + o.format()).orElse("");
    }

    public static ThinTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev pool = a.dev("pool device");
        long id = a.u32("device id");
        Optional<BlockDev> origin = a.hasNext() ? Optional.of(a.dev("external origin")) : Optional.empty();
        a.end();
        return new ThinTarget(pool, id, origin);
    }
}
