/**
 * JUnit 5 support for tests that need a real device-mapper: {@link io.jdm.testkit.KernelTest},
 * per-test scratch names and loop devices ({@link io.jdm.testkit.DmScratch}), and a sweep after each
 * test that removes, and reports, every device the test left behind. For tests that need no kernel at
 * all, {@link io.jdm.testkit.fake.FakeKernel}: an in-memory device-mapper that follows the kernel's rules.
 */
module io.jdm.testkit {
    requires transitive io.jdm.api;
    requires transitive io.jdm.ioctl;
    requires transitive org.junit.jupiter.api;
    exports io.jdm.testkit;
    exports io.jdm.testkit.fake;
}
