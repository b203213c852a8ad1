package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.Table;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel splits a target message with dm_split_args, the splitter of table params, where a
 * backslash escapes the next character: jdm doubles backslashes in messages as in params, so what the
 * kernel keeps is what was written. DM core's statistics keep a region's program id and print it back.
 */
@KernelTest
class MessageTextKernelTest {

    @Test
    void aBackslashInAMessageArrivesAsWritten(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = dm.createWithTable(s.name("stats"), Table.of(8, "zero", ""));
        String region = dm.message(info.ref(), 0, "@stats_create - /1 jdm\\prog").orElseThrow().strip();
        String listed = dm.message(info.ref(), 0, "@stats_list").orElseThrow();
        assertTrue(listed.startsWith(region + ": 0+8 8 jdm\\prog"), listed);
        // the program id filters the listing: the kernel compares it with what it kept
        assertEquals(listed, dm.message(info.ref(), 0, "@stats_list jdm\\prog").orElseThrow());
        dm.message(info.ref(), 0, "@stats_delete " + region);
    }
}
