package io.jdm.bench.jmh;

/**
 * One table line's parameters per typed target, written as the kernel reads them back
 * ({@code dmsetup table} after the type). The benchmarks build their typed values by parsing these, so
 * they depend only on {@code Targets.parse} and {@code Target.format}, not on any target's constructor.
 */
public enum TargetSample {
    LINEAR("linear", "7:0 2048"),
    STRIPED("striped", "2 128 7:0 0 7:1 0"),
    ZERO("zero", ""),
    ERROR("error", ""),
    FLAKEY("flakey", "7:0 8 5 6 6 drop_writes corrupt_bio_byte 32 r 1 0"),
    DELAY("delay", "7:0 0 10 7:1 0 20"),
    THIN_POOL("thin-pool", "7:0 7:1 128 32768 2 skip_block_zeroing error_if_no_space"),
    THIN("thin", "253:0 42"),
    SNAPSHOT_ORIGIN("snapshot-origin", "7:0"),
    SNAPSHOT("snapshot", "7:0 7:1 P 8"),
    SNAPSHOT_MERGE("snapshot-merge", "7:0 7:1 P 8"),
    ERA("era", "7:0 7:1 8192"),
    /** A key in the kernel keyring: the table names it, holds no secret (hex keys are left out on purpose). */
    CRYPT_KEYRING("crypt", "aes-xts-plain64 :64:logon:jdm:bench 0 7:3 0"),
    CACHE("cache", "7:0 7:1 7:2 512 1 writeback default 0");

    private final String type;
    private final String params;

    TargetSample(String type, String params) {
        this.type = type;
        this.params = params;
    }

    public String type() {
        return type;
    }

    public String params() {
        return params;
    }
}
