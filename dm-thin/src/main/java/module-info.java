/** Thin pools as applications use them: volumes, the pool's own metadata, and a monitor that grows the pool. */
module io.jdm.thin {
    requires transitive io.jdm.api;
    requires transitive io.jdm.targets;
    requires io.jdm.ioctl;
    requires jdk.jfr;
    exports io.jdm.thin;
    exports io.jdm.thin.metadata;
    exports io.jdm.thin.fs;
    exports io.jdm.thin.monitor;
}
