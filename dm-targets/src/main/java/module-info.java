/**
 * Typed device-mapper targets: table values that format to and parse from the kernel's parameter text,
 * typed status parsers that never throw on odd input, and the thin-pool and era message APIs.
 */
module io.jdm.targets {
    requires transitive io.jdm.api;

    exports io.jdm.targets;
    exports io.jdm.targets.status;
    exports io.jdm.targets.message;
}
