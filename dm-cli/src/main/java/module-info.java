/** The jdm command-line tool: a dmsetup-compatible subset and the thin-pool demo. */
module io.jdm.cli {
    requires io.jdm.ioctl;
    requires io.jdm.targets;
    requires io.jdm.thin;
    exports io.jdm.cli;
}
