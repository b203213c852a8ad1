package io.jdm.cli;

import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.RemoveOptions;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.testkit.ChildJvm;
import io.jdm.thin.monitor.AutoextendPolicy;
import io.jdm.thin.monitor.LoopFileGrower;
import io.jdm.thin.monitor.LvmGrower;
import io.jdm.thin.monitor.PoolEvent;
import io.jdm.thin.monitor.PoolSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jdm thin monitor} on the host: its options (refused before device-mapper is opened), the lines
 * it prints for each event, the growers it picks for a pool, and a whole run on the fake kernel. Growth
 * on a real pool: ThinMonitorKernelTest.
 */
class ThinMonitorTest {
    private static final long MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Supplier<DeviceMapper> NEVER = () -> {
        throw new AssertionError("device-mapper opened for bad input");
    };

    record Run(int status, String out, String err) {
    }

    private static RunningCli start(Supplier<DeviceMapper> opener, String... args) {
        return new RunningCli(new FakeHost(new FakeDm(), false), opener, args);
    }

    private static Run run(Supplier<DeviceMapper> opener, String... args) throws Exception {
        RunningCli.Result r = start(opener, args).await(PATIENCE);
        return new Run(r.status(), r.out(), r.err());
    }

    // ---- options ------------------------------------------------------------------------------------

    @Test
    void defaultsAreLvmsAutoextendAndDmeventdsPeriod() {
        MonitorSettings s = MonitorSettings.parse(Options.none());
        assertEquals(AutoextendPolicy.lvmDefaults(), s.policy());
        assertEquals(Duration.ofSeconds(10), s.options().period());
        assertTrue(s.options().useEvents());
        assertEquals(0, s.exitAfterExtend(), "runs until stopped");
        assertFalse(s.json());
        assertEquals("data +20% at 80% full, metadata +20% at 80% full; checks every 10 s and on device-mapper events",
                s.describePolicy());
    }

    @Test
    void everyOptionReachesThePolicyAndTheMonitor() {
        MonitorSettings s = MonitorSettings.parse(ArgParser.parse(List.of("thin", "monitor", "p", "--threshold", "70",
                "--percent", "50", "--max-size", "1G", "--metadata-threshold", "90", "--metadata-percent", "10",
                "--period", "2", "--no-events", "--exit-after-extend", "3", "--json")).options());
        assertEquals(new AutoextendPolicy.Rule(70, 50, 1024 * MIB), s.policy().data());
        assertEquals(AutoextendPolicy.Rule.of(90, 10), s.policy().metadata(), "the maximum is the data's only");
        assertEquals(Duration.ofSeconds(2), s.options().period());
        assertFalse(s.options().useEvents());
        assertEquals(3, s.exitAfterExtend());
        assertTrue(s.json());
        assertEquals("data +50% at 70% full up to 1.0 GiB, metadata +10% at 90% full; checks every 2 s"
                + " (device-mapper events off)", s.describePolicy());
        // metadata follows the data's threshold and percent unless told otherwise; 100 turns extending off
        MonitorSettings off = MonitorSettings.parse(ArgParser.parse(List.of("--threshold", "100", "--percent", "5")).options());
        assertEquals(new AutoextendPolicy(new AutoextendPolicy.Rule(100, 5, Long.MAX_VALUE),
                new AutoextendPolicy.Rule(100, 5, Long.MAX_VALUE)), off.policy());
        assertTrue(off.describePolicy().startsWith("data never extended (threshold 100), metadata never extended"));
    }

    @Test
    void badOptionsAreRefusedWithTheMonitorsOwnWordsBeforeDeviceMapperIsOpened() throws Exception {
        Map<List<String>, String> refusals = Map.of(
                List.of("--threshold", "49"), "thin monitor: autoextend threshold must be 50..100 percent (100 turns extending off), got 49",
                List.of("--threshold", "101"), "thin monitor: autoextend threshold must be 50..100 percent (100 turns extending off), got 101",
                List.of("--threshold", "99999999999"), "thin monitor: autoextend threshold must be 50..100 percent (100 turns extending off), got 2147483647",
                List.of("--percent", "0"), "thin monitor: autoextend percent must be positive, got 0",
                List.of("--metadata-threshold", "20"), "thin monitor: autoextend threshold must be 50..100 percent (100 turns extending off), got 20",
                List.of("--threshold", "8O"), "thin monitor: invalid --threshold: '8O'",
                List.of("--max-size", "0"), "thin monitor: size must be positive: 0",
                List.of("--period", "0"), "thin monitor: monitor: period must be a positive duration of at most PT24H, got PT0S",
                List.of("--period", "86401"), "thin monitor: --period must be at most 86400 seconds, got 86401",
                List.of("--exit-after-extend", "0"), "thin monitor: --exit-after-extend must be a positive count of extends, got 0");
        for (var refusal : refusals.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("thin", "monitor", "pool"));
            args.addAll(refusal.getKey());
            assertEquals(new Run(1, "", refusal.getValue() + "\nCommand failed.\n"), run(NEVER, args.toArray(String[]::new)),
                    refusal.getKey().toString());
        }
        Run count = run(NEVER, "thin", "monitor", "pool", "extra");
        assertEquals(1, count.status());
        assertTrue(count.err().startsWith("thin monitor: wrong number of arguments; usage: thin monitor <pool> [--threshold"),
                count.err());
    }

    @Test
    void theUsageShowsTheVerb() throws Exception {
        Run help = run(NEVER, "help");
        assertTrue(help.out().contains("\tthin monitor <pool> [--threshold <50..100>] [--percent <n>] [--max-size <size>]\n"),
                help.out());
        assertTrue(help.out().contains("[--exit-after-extend <n>] [--json]"), help.out());
    }

    // ---- event lines --------------------------------------------------------------------------------

    @Test
    void eachEventIsOneLineOfTextOrOneJsonObject() {
        DeviceRef p = DeviceRef.name("tp");
        Map<PoolEvent, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put(new PoolEvent.ThresholdReached(p, PoolSpace.DATA, 209, 256, 80), List.of(
                "pool tp: data at 81.6% (209 of 256 blocks), threshold 80%",
                "{\"event\":\"threshold_reached\",\"pool\":\"tp\",\"space\":\"data\",\"used_blocks\":209,\"total_blocks\":256,"
                        + "\"threshold_percent\":80}"));
        expected.put(new PoolEvent.Extended(p, PoolSpace.DATA, 64 * MIB, 80530637, Duration.ofMillis(120)), List.of(
                "pool tp: data extended 64.0 MiB -> 76.8 MiB (took 120 ms)",
                "{\"event\":\"extended\",\"pool\":\"tp\",\"space\":\"data\",\"from_bytes\":67108864,\"to_bytes\":80530637,"
                        + "\"took_ms\":120}"));
        expected.put(new PoolEvent.ExtendFailed(p, PoolSpace.METADATA, "disk full", new IOException("disk full"),
                Duration.ofSeconds(4)), List.of(
                "pool tp: metadata extend failed: disk full (retry in 4 s)",
                "{\"event\":\"extend_failed\",\"pool\":\"tp\",\"space\":\"metadata\",\"reason\":\"disk full\",\"retry_in_ms\":4000}"));
        expected.put(new PoolEvent.AtMaximum(p, PoolSpace.DATA, 1024 * MIB), List.of(
                "pool tp: data at its maximum of 1.0 GiB: not extended",
                "{\"event\":\"at_maximum\",\"pool\":\"tp\",\"space\":\"data\",\"size_bytes\":1073741824}"));
        expected.put(new PoolEvent.OutOfDataSpace(p, true), List.of("pool tp: out of data space (writes queue)",
                "{\"event\":\"out_of_data_space\",\"pool\":\"tp\",\"writes_queue\":true}"));
        expected.put(new PoolEvent.OutOfDataSpace(p, false), List.of("pool tp: out of data space (writes fail)",
                "{\"event\":\"out_of_data_space\",\"pool\":\"tp\",\"writes_queue\":false}"));
        expected.put(new PoolEvent.ReadOnly(p), List.of("pool tp: read-only", "{\"event\":\"read_only\",\"pool\":\"tp\"}"));
        expected.put(new PoolEvent.NeedsCheck(p), List.of(
                "pool tp: metadata needs thin_check/thin_repair: the pool does not grow until repaired",
                "{\"event\":\"needs_check\",\"pool\":\"tp\"}"));
        expected.put(new PoolEvent.Failed(p, "Fail"), List.of("pool tp: failed (status Fail)",
                "{\"event\":\"failed\",\"pool\":\"tp\",\"status\":\"Fail\"}"));
        expected.put(new PoolEvent.Writable(p), List.of("pool tp: writable again", "{\"event\":\"writable\",\"pool\":\"tp\"}"));
        expected.put(new PoolEvent.Gone(p), List.of("pool tp: gone (the device was removed)", "{\"event\":\"gone\",\"pool\":\"tp\"}"));
        expected.put(new PoolEvent.CheckFailed(p, "EPERM", null), List.of("pool tp: check failed: EPERM",
                "{\"event\":\"check_failed\",\"pool\":\"tp\",\"reason\":\"EPERM\"}"));
        expected.put(new PoolEvent.LeftoverTableCleared(p, io.jdm.api.Table.of(40960, "thin-pool", "7:0 7:1 128 12 0 ")),
                List.of("pool tp: cleared the inactive table a cut-off resize left behind (40960 sectors: 7:0 7:1 128 12 0)",
                        "{\"event\":\"leftover_table_cleared\",\"pool\":\"tp\",\"length_sectors\":40960,"
                                + "\"params\":\"7:0 7:1 128 12 0\"}"));
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue().get(0), PoolEventLine.text(e.getKey(), "tp"));
            assertEquals(e.getValue().get(1), Json.write(PoolEventLine.json(e.getKey(), "tp")));
        }
        assertEquals(PoolEvent.class.getPermittedSubclasses().length + 1, expected.size(), "every kind of event, once"
                + " (OutOfDataSpace twice)");
    }

    @Test
    void aNameWithAControlCharacterStaysOnOneLineInTextAndIsExactInJson() {
        PoolEvent gone = new PoolEvent.Gone(DeviceRef.name("a"));
        assertEquals("pool evil\\x0aname: gone (the device was removed)", PoolEventLine.text(gone, "evil\nname"));
        assertEquals("{\"event\":\"gone\",\"pool\":\"evil\\nname\"}", Json.write(PoolEventLine.json(gone, "evil\nname")));
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("0 ms", PoolEventLine.duration(Duration.ZERO));
        assertEquals("999 ms", PoolEventLine.duration(Duration.ofMillis(999)));
        assertEquals("1 s", PoolEventLine.duration(Duration.ofSeconds(1)));
        assertEquals("1.5 s", PoolEventLine.duration(Duration.ofMillis(1500)));
        assertEquals("300 s", PoolEventLine.duration(Duration.ofMinutes(5)));
    }

    // ---- grower choice ------------------------------------------------------------------------------

    private static final DeviceNumber LOOP0 = DeviceNumber.of(7, 0);
    private static final DeviceNumber LOOP1 = DeviceNumber.of(7, 1);

    private static DeviceInfo info(String name, String uuid) {
        return new DeviceInfo(DeviceName.of(name), Optional.ofNullable(uuid).map(DeviceUuid::of), DeviceNumber.of(253, 2), 0, 0, 1,
                Set.of(DeviceFlag.LIVE_TABLE));
    }

    @Test
    void loopDevicesGrowTheirFilesEachSpaceOnItsOwn() {
        ThinPoolTarget target = ThinPoolTarget.parse("7:0 7:1 128 0 0");
        Map<DeviceNumber, Path> files = Map.of(LOOP0, Path.of("/img/meta.img"), LOOP1, Path.of("/img/data.img"));
        PoolGrowers both = PoolGrowers.choose(info("tp", null), target, n -> Optional.ofNullable(files.get(n)));
        assertInstanceOf(LoopFileGrower.class, both.data().orElseThrow());
        assertInstanceOf(LoopFileGrower.class, both.metadata().orElseThrow());
        assertEquals("data grows its loop file /img/data.img, metadata its loop file /img/meta.img", both.how());

        // data on a loop device, metadata on something else: only the data grows
        PoolGrowers dataOnly = PoolGrowers.choose(info("tp", null), ThinPoolTarget.parse("253:0 7:1 128 0 0"),
                n -> Optional.ofNullable(files.get(n)));
        assertInstanceOf(LoopFileGrower.class, dataOnly.data().orElseThrow());
        assertTrue(dataOnly.metadata().isEmpty());
        assertEquals("data grows its loop file /img/data.img; metadata is only watched (253:0 is not a loop device)",
                dataOnly.how());
    }

    @Test
    void anLvmPoolGrowsWithLvextendOfItsLogicalVolume() {
        ThinPoolTarget target = ThinPoolTarget.parse("253:0 253:1 128 0 0");
        PoolGrowers lvm = PoolGrowers.choose(info("my--vg-pool0-tpool", "LVM-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV-tpool"),
                target, n -> Optional.empty());
        LvmGrower grower = assertInstanceOf(LvmGrower.class, lvm.data().orElseThrow());
        assertEquals("my-vg", grower.volumeGroup());
        assertEquals("pool0", grower.logicalVolume());
        assertEquals(grower, lvm.metadata().orElseThrow());
        assertTrue(lvm.how().startsWith("data and metadata grow with lvextend of my-vg/pool0 (if dmeventd"), lvm.how());

        // an LVM uuid on a name that is no VG-LV: watched, and said why
        PoolGrowers odd = PoolGrowers.choose(info("a-b-c-d", "LVM-x"), target, n -> Optional.empty());
        assertTrue(odd.growsNothing());
        assertTrue(odd.how().startsWith("watch only, nothing grows: its uuid is LVM's but "), odd.how());
    }

    @Test
    void anythingElseIsOnlyWatched() {
        // a loop device's number, but no file behind it (as the host sees it): not a loop file to grow
        PoolGrowers none = PoolGrowers.choose(info("tp", "mine-1"), ThinPoolTarget.parse("7:0 7:1 128 0 0"), n -> Optional.empty());
        assertTrue(none.growsNothing());
        assertEquals("watch only, nothing grows: its data device 7:1 is neither a loop device nor an LVM volume", none.how());
    }

    // ---- whole runs on the fake kernel --------------------------------------------------------------

    @Test
    void aWatchedPoolReportsItsThresholdThenItsRemovalAndTheCommandEnds() throws Exception {
        FakeThinPool fake = FakeThinPool.create();
        RunningCli monitor = start(fake.kernel()::open, "thin", "monitor", "tp", "--json", "--period", "1");
        fake.kernel().write(fake.thin(), 0, 60 * 64 * 1024); // 60 of 64 blocks: 94%
        monitor.awaitOut("\"event\":\"threshold_reached\"", PATIENCE);
        fake.dm().remove(fake.thin(), RemoveOptions.defaults());
        fake.dm().remove(fake.pool(), RemoveOptions.defaults());
        RunningCli.Result r = monitor.await(PATIENCE);
        assertEquals(1, r.status(), r.toString());
        List<Map<String, Object>> events = r.out().lines().map(JsonReader::object).toList();
        assertEquals("threshold_reached", events.getFirst().get("event"));
        assertEquals("data", events.getFirst().get("space"));
        assertEquals(Map.of("event", "gone", "pool", "tp"), events.getLast());
        assertEquals("thin monitor: watching tp: watch only, nothing grows: its data device 7:1 is neither a loop device"
                + " nor an LVM volume; data +20% at 80% full, metadata +20% at 80% full; checks every 1 s and on"
                + " device-mapper events\nthin monitor: tp was removed; nothing left to watch\nCommand failed.\n", r.err());
        assertFalse(monitorThreadAlive(), "the monitor was closed");
    }

    @Test
    void aDeviceThatIsNoThinPoolOrNoDeviceAtAllIsRefusedBeforeAnyMonitorStarts() throws Exception {
        FakeThinPool fake = FakeThinPool.create();
        assertEquals(new Run(1, "", "thin monitor: name 'tp-thin' is not a thin pool\nCommand failed.\n"),
                run(fake.kernel()::open, "thin", "monitor", "tp-thin"));
        assertEquals(new Run(1, "", "thin monitor: no device named nosuch\nCommand failed.\n"),
                run(fake.kernel()::open, "thin", "monitor", "nosuch"));
        assertFalse(monitorThreadAlive());
    }

    /**
     * SIGTERM (SIGINT takes the same shutdown hook; a child started in the background may have SIGINT
     * ignored, so only SIGTERM is sent): the hook closes the monitor, the last words get out, and the JVM
     * exits with 128 + 15.
     */
    @Test
    void sigtermClosesTheMonitorAndEndsTheCommand(@TempDir Path tmp) throws Exception {
        Path err = tmp.resolve("stderr");
        Process child = new ProcessBuilder(ChildJvm.command(entry -> true, ThinMonitorChild.class))
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("stdout").toFile()).start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!Files.readString(err).contains("\n")) {
                assertTrue(System.nanoTime() < deadline && child.isAlive(), "the monitor did not start: " + Files.readString(err));
                Thread.sleep(20);
            }
            assertTrue(Files.readString(err).startsWith("thin monitor: watching tp: "), Files.readString(err));
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the command ended after SIGTERM");
            assertEquals(128 + 15, child.exitValue());
            List<String> lines = Files.readAllLines(err);
            assertEquals("thin monitor: tp: stopped", lines.getLast(), lines.toString());
        } finally {
            child.destroyForcibly();
        }
    }

    private static boolean monitorThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("jdm-pool-monitor") && t.isAlive());
    }
}
